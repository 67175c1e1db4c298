/** The part of unzipper (0.10) the workbook reader uses: a zip's central directory, read from a file. */
declare module 'unzipper' {
  import type { Readable } from 'node:stream';

  interface ZipEntry {
    readonly path: string;
    readonly type: 'File' | 'Directory';
    readonly uncompressedSize: number;
    stream(password?: string): Readable;
  }

  interface CentralDirectory {
    readonly files: ZipEntry[];
  }

  const unzipper: {
    readonly Open: {
      file(path: string): Promise<CentralDirectory>;
    };
  };
  export default unzipper;
}
