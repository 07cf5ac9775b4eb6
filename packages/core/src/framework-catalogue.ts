import { NotFoundError } from './errors.ts';
import type { Framework } from './framework.ts';
import type { FrameworkRepository } from './ports.ts';

/** Read access to the reporting frameworks. */
export class FrameworkCatalogue {
  readonly #repo: FrameworkRepository;

  constructor(repo: FrameworkRepository) {
    this.#repo = repo;
  }

  /** Every framework, the default first. */
  async list(): Promise<Framework[]> {
    const frameworks = await this.#repo.list();
    return frameworks.sort(
      (a, b) => Number(b.default) - Number(a.default) || a.id.localeCompare(b.id),
    );
  }

  /** The framework, or NotFoundError. */
  async get(id: string): Promise<Framework> {
    const framework = await this.#repo.get(id);
    if (!framework) throw new NotFoundError('framework', id);
    return framework;
  }
}
