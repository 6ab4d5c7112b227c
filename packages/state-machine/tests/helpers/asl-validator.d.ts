declare module 'asl-validator' {
  interface ValidationResult {
    isValid: boolean;
    errors: { 'Error code': string; Message: string }[];
  }
  const aslValidator: (definition: unknown, options?: Record<string, unknown>) => ValidationResult;
  export default aslValidator;
}
