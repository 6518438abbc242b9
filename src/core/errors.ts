/**
 * A refusal the user must see: bad input, an unparseable file, no Next.js app. Core throws it;
 * the extension shows `message`, the CLI prints it and exits 1. Nothing has been written when it is thrown.
 */
export class ScaffoldError extends Error {
  constructor(
    message: string,
    /** Absolute path of the file at fault, when there is one. */
    readonly file?: string,
    /** 1-based line in `file`. */
    readonly line?: number,
  ) {
    super(message);
    this.name = 'ScaffoldError';
  }
}
