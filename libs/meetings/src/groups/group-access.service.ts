import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '@homegroup/identity';
import type { GroupEntity } from '../entities/group.entity';
import { groupNotFound, notALead } from '../meeting-errors';
import { GroupsRepository } from './groups.repository';

export const isAdmin = (auth: AuthUser | undefined): boolean => auth?.user.role === 'admin';

/**
 * Who may see and change a group, decided per group: anyone reads a published group; its leads and admins
 * read an unpublished one and change either. Everyone else gets 404 for an unpublished group (it does not
 * exist for them) and 403 for a published one.
 */
@Injectable()
export class GroupAccess {
  constructor(private readonly groups: GroupsRepository) {}

  async canManage(group: GroupEntity, auth: AuthUser | undefined, manager?: EntityManager): Promise<boolean> {
    if (!auth) return false;
    return isAdmin(auth) || this.groups.isLead(group.id, auth.id, manager);
  }

  /** The group when the caller may read it; 404 otherwise. */
  async readable(groupId: string, auth: AuthUser | undefined): Promise<{ group: GroupEntity; canManage: boolean }> {
    const group = await this.groups.findById(groupId);
    if (!group) throw groupNotFound();
    const canManage = await this.canManage(group, auth);
    if (!group.published && !canManage) throw groupNotFound();
    return { group, canManage };
  }

  /** The group, locked, when the caller may change it; 404 when they may not even see it, 403 otherwise. */
  async manageable(manager: EntityManager, groupId: string, auth: AuthUser): Promise<GroupEntity> {
    const group = await this.groups.lock(manager, groupId);
    if (!group) throw groupNotFound();
    if (!(await this.canManage(group, auth, manager))) {
      if (!group.published) throw groupNotFound();
      throw notALead();
    }
    return group;
  }
}
