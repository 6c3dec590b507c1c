/**
 * JPEG decoding with libjpeg-turbo compiled to WebAssembly (the .wasm of @cwasm/jpeg-turbo, driven here through its
 * TurboJPEG exports). Each decode gets its own instance and the pixels stay where the decoder wrote them: the
 * returned pixel array is a view of that instance's memory, so a capture costs its pixels once (no copy out, no
 * shared heap that never shrinks); the memory goes when the raster does.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

interface TurboJpeg {
  memory: WebAssembly.Memory;
  malloc: (size: number) => number;
  free: (pointer: number) => void;
  tjInitDecompress: () => number;
  tjDecompressHeader3: (handle: number, input: number, size: number, width: number, height: number, subsampling: number, colorspace: number) => number;
  tjDecompress2: (handle: number, input: number, size: number, output: number, width: number, pitch: number, height: number, format: number, flags: number) => number;
  tjDestroy: (handle: number) => number;
}

const TJPF_RGBA = 7;

let compiled: Promise<WebAssembly.Module> | undefined;

function wasmModule(): Promise<WebAssembly.Module> {
  compiled ??= readFile(createRequire(import.meta.url).resolve("@cwasm/jpeg-turbo/jpeg-turbo.wasm")).then((bytes) => WebAssembly.compile(bytes));
  compiled.catch(() => {
    compiled = undefined;
  });
  return compiled;
}

function unsupported(name: string): () => never {
  return () => {
    throw new Error(`the JPEG decoder called ${name}`);
  };
}

async function instance(): Promise<TurboJpeg> {
  const imports = {
    // libjpeg reports corrupt data by longjmp-ing out of the decoder: here, an exception.
    env: { setjmp: () => 0, longjmp: unsupported("longjmp (corrupt JPEG data)") },
    wasi_snapshot_preview1: {
      environ_sizes_get: () => 0,
      environ_get: unsupported("environ_get"),
      proc_exit: unsupported("proc_exit"),
      fd_close: unsupported("fd_close"),
      fd_seek: unsupported("fd_seek"),
      fd_write: unsupported("fd_write"),
    },
  };
  return (await WebAssembly.instantiate(await wasmModule(), imports)).exports as unknown as TurboJpeg;
}

export async function decodeJpeg(bytes: Uint8Array): Promise<{ width: number; height: number; data: Uint8Array }> {
  const tj = await instance();
  const input = tj.malloc(bytes.length);
  new Uint8Array(tj.memory.buffer, input, bytes.length).set(bytes);
  const handle = tj.tjInitDecompress();
  const header = tj.malloc(16);
  if (!handle || tj.tjDecompressHeader3(handle, input, bytes.length, header, header + 4, header + 8, header + 12) !== 0) {
    throw new Error("no readable JPEG header");
  }
  const [width, height] = new Uint32Array(tj.memory.buffer, header, 2) as unknown as [number, number];
  const size = width * height * 4;
  const output = tj.malloc(size);
  if (!output) throw new Error("not enough memory for the pixels");
  const status = tj.tjDecompress2(handle, input, bytes.length, output, width, width * 4, height, TJPF_RGBA, 0);
  tj.tjDestroy(handle);
  tj.free(input);
  if (status !== 0) throw new Error("corrupt JPEG data");
  // No allocation after this point: the memory cannot grow, so the view stays valid.
  return { width, height, data: new Uint8Array(tj.memory.buffer, output, size) };
}
