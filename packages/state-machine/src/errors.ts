/** buildDefinition was given options it cannot build from; `problems` lists every one of them. */
export class InvalidDefinitionOptions extends Error {
  override readonly name = 'InvalidDefinitionOptions';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid sizegate state machine options:\n- ${problems.join('\n- ')}`);
    this.problems = problems;
  }
}
