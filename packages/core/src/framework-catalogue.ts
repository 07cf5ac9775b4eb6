import { NotFoundError } from './errors.ts';
import type { Framework } from './framework.ts';
import { pageAfter } from './paging.ts';
import type { FrameworkRepository, Page, PageRequest } from './ports.ts';

/** Read access to the reporting frameworks. */
export class FrameworkCatalogue {
  readonly #repo: FrameworkRepository;

  constructor(repo: FrameworkRepository) {
    this.#repo = repo;
  }

  /** A page of the frameworks, the default first, then by id. */
  async list(page: PageRequest): Promise<Page<Framework>> {
    const frameworks = await this.#repo.list();
    frameworks.sort((a, b) => Number(b.default) - Number(a.default) || a.id.localeCompare(b.id));
    return pageAfter(frameworks, (framework) => framework.id, page);
  }

  /** The framework, or NotFoundError. */
  async get(id: string): Promise<Framework> {
    const framework = await this.#repo.get(id);
    if (!framework) throw new NotFoundError('framework', id);
    return framework;
  }
}
