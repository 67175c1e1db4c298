/** asl-validator ships without type declarations; this is the part of its API the engine uses. */
declare module 'asl-validator' {
  interface AslValidationResult {
    isValid: boolean;
    errorsText(separator?: string): string;
  }
  export default function validateAsl(
    definition: unknown,
    options?: { checkPaths?: boolean; checkArn?: boolean },
  ): AslValidationResult;
}
