/** Requests people make for the operations of src/tools/captures.ts: see src/asks/index.ts. */
export const asks: Record<string, readonly string[]> = {
  "get_capture_image": [
    "show me what the homepage looks like", "let me see the latest screenshot of bakery.com",
    "view the capture of the contact page", "what did the site look like in the last capture",
    "display the screenshot image", "is the live site broken visually? show me the picture",
    "open the most recent capture of /shop", "preview the site's front page",
    "what does lakeviewvet.com look like right now in the latest screenshot",
    "show me the picture of the florist's about page", "let me see capture 77 of /checkout",
    "view the homepage image at 800 px wide", "picture of how the shop's test site renders at the moment",
    "can I see a picture of my website",
  ],
  "compare_captures": [
    "did anything visually change after the update?", "compare before and after screenshots",
    "what looks different on the homepage since last time",
    "the client says the header looks off after the update, diff the captures",
    "show the visual differences on bakery.com", "run a visual regression check",
    "how much did the checkout page change", "highlight what moved between the last two screenshots",
    "did the update break the layout on lakeviewvet.com", "visual diff of the florist homepage before and after",
    "show pixel changes between capture 10 and 12", "which pages changed by more than 5% since the update",
    "is the shop's checkout page looking different now",
    "the client says the menu moved — what changed on the site visually",
    "show me the old screenshots of thecoffeecart.com so I can see when the header changed",
    "Client swears the header looked different two weeks ago. Can we see the old visual captures of their site?",
  ],
};
