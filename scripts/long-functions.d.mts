export const MAX_FUNCTION_LINES: number;
export interface FunctionLength {
  file: string;
  line: number;
  name: string;
  lines: number;
}
export function functionLengths(file: string): FunctionLength[];
export function longFunctions(max?: number): FunctionLength[];
