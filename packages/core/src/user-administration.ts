import { type Caller, type Grant, STATE_ROLES } from './access/grants.ts';
import type { Guard } from './access/guard.ts';
import { InvalidInputError, NotFoundError } from './errors.ts';
import type { EntityRepository, EntityUser, GrantRepository, IdentityDirectory } from './ports.ts';

export interface Invitation {
  email: string;
  role: Grant['role'];
  contributorId?: string | undefined;
}

export interface InvitedUser {
  sub: string;
  email: string;
  grants: Grant[];
}

/** Who works for which entity: invitations, grants, and the caller's own view of them. */
export class UserAdministration {
  readonly #grants: GrantRepository;
  readonly #directory: IdentityDirectory;
  readonly #entities: EntityRepository;

  constructor(grants: GrantRepository, directory: IdentityDirectory, entities: EntityRepository) {
    this.#grants = grants;
    this.#directory = directory;
    this.#entities = entities;
  }

  /** Invites a user to act for an entity: SECRETARIAT for an ISCM or partner, the focal-point roles for a state. */
  async inviteToEntity(
    entityId: string,
    invitation: Invitation,
    guard: Guard,
  ): Promise<InvitedUser> {
    await guard({ entityId, role: invitation.role });
    const entity = await this.#entities.get(entityId);
    if (!entity) throw new NotFoundError('entity', entityId);
    const forStates = STATE_ROLES.includes(invitation.role);
    if (forStates !== (entity.kind === 'STATE')) {
      throw new InvalidInputError([
        { pointer: '/role', message: `a ${entity.kind} has no ${invitation.role}` },
      ]);
    }
    return this.#invite(invitation.email, {
      role: invitation.role,
      entityId,
      contributorId: invitation.contributorId,
    });
  }

  /** Invites an administrator or a reader, who act for no entity in particular. */
  async inviteGlobal(invitation: Invitation, guard: Guard): Promise<InvitedUser> {
    await guard({ role: invitation.role });
    return this.#invite(invitation.email, { role: invitation.role });
  }

  async usersOf(entityId: string, guard: Guard): Promise<EntityUser[]> {
    await guard({ entityId });
    if (!(await this.#entities.get(entityId))) throw new NotFoundError('entity', entityId);
    return this.#grants.usersOf(entityId);
  }

  /** Removes every grant the user holds on the entity. */
  async removeFromEntity(entityId: string, sub: string, guard: Guard): Promise<void> {
    await guard({ entityId });
    if ((await this.#grants.removeFromEntity(sub, entityId)) === 0) {
      throw new NotFoundError(`user of ${entityId}`, sub);
    }
  }

  /** The caller and every grant they hold. */
  me(caller: Caller): Caller {
    return { sub: caller.sub, grants: caller.grants };
  }

  async #invite(email: string, grant: Grant): Promise<InvitedUser> {
    const { sub } = await this.#directory.ensureUser(email);
    await this.#grants.add({ sub, email }, grant);
    // Only the grant just made: what else the user holds is not the inviter's business.
    return { sub, email, grants: [grant] };
  }
}
