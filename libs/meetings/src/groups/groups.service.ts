import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { AccountDataRegistry, type AuthUser, UsersRepository } from '@homegroup/identity';
import { Clock } from '@homegroup/operations';
import type { CreateGroupDto } from './dto/create-group.dto';
import type { GroupChangeResponseDto } from './dto/group-change.response.dto';
import type { GroupLeadResponseDto } from './dto/group-lead.response.dto';
import type { GroupResponseDto } from './dto/group.response.dto';
import type { UpdateGroupDto } from './dto/update-group.dto';
import type { GroupEntity } from '../entities/group.entity';
import { GroupAccess } from './group-access.service';
import { GroupsRepository } from './groups.repository';
import { fieldError } from '../meeting-errors';
import { MeetingReferenceService } from '../schedule/meeting-reference.service';
import { MeetingWriter } from '../schedule/meeting-writer.service';

export function groupView(group: GroupEntity, canManage?: boolean): GroupResponseDto {
  return {
    id: group.id,
    name: group.name,
    fellowship: group.fellowship,
    description: group.description,
    published: group.published,
    verificationCadenceDays: group.verificationCadenceDays,
    updatedAt: group.updatedAt.toISOString(),
    ...(canManage ? { canManage } : {}),
  };
}

/** Groups and their leads: whoever creates a group leads it; leads add co-leads; admins moderate. */
@Injectable()
export class GroupsService {
  constructor(
    private readonly groups: GroupsRepository,
    private readonly access: GroupAccess,
    private readonly writer: MeetingWriter,
    private readonly reference: MeetingReferenceService,
    private readonly users: UsersRepository,
    private readonly clock: Clock,
    registry: AccountDataRegistry,
  ) {
    registry.registerExporter('meetingGroups', (userId, manager) => this.groups.exportFor(userId, manager));
    // Their lead links go by foreign key (a group they led alone keeps its listing, with no lead) and their
    // authorship is set to null; the change log names a lead added or removed by id, which no key reaches (ADR 0038).
    registry.onAccountErasing((manager, userId) => this.groups.forgetInChanges(manager, userId));
  }

  private async fellowshipCode(code: string): Promise<string> {
    const fellowship = await this.reference.fellowship(code);
    if (!fellowship) throw fieldError('fellowship', `fellowship ${code} is not one Homegroup knows (see GET /fellowships)`);
    return fellowship.code;
  }

  async create(auth: AuthUser, dto: CreateGroupDto): Promise<GroupResponseDto> {
    const fellowship = await this.fellowshipCode(dto.fellowship);
    const group = await this.groups.transaction(async (manager) => {
      const now = this.clock.now();
      const created = await this.groups.insert(
        manager,
        { name: dto.name, fellowship, description: dto.description?.trim() || null, published: dto.published ?? false },
        auth.id,
        now,
      );
      await this.groups.addLead(manager, created.id, auth.id, null, now);
      await this.writer.recordChange(manager, created.id, null, auth.id, 'group.create');
      return created;
    });
    return groupView(group, true);
  }

  async get(id: string, auth: AuthUser | undefined): Promise<GroupResponseDto> {
    const { group, canManage } = await this.access.readable(id, auth);
    return groupView(group, canManage);
  }

  async mine(auth: AuthUser): Promise<GroupResponseDto[]> {
    return (await this.groups.ledBy(auth.id)).map((g) => groupView(g, true));
  }

  async update(auth: AuthUser, id: string, dto: UpdateGroupDto): Promise<GroupResponseDto> {
    const fellowship = dto.fellowship ? await this.fellowshipCode(dto.fellowship) : undefined;
    await this.groups.transaction(async (manager) => {
      const group = await this.access.manageable(manager, id, auth);
      const changes: Partial<GroupEntity> = {};
      if (dto.name !== undefined && dto.name !== group.name) changes.name = dto.name;
      if (fellowship !== undefined && fellowship !== group.fellowship) changes.fellowship = fellowship;
      if (dto.description !== undefined && (dto.description?.trim() || null) !== group.description) {
        changes.description = dto.description?.trim() || null;
      }
      if (dto.published !== undefined && dto.published !== group.published) changes.published = dto.published;
      if (dto.verificationCadenceDays !== undefined && dto.verificationCadenceDays !== group.verificationCadenceDays) {
        changes.verificationCadenceDays = dto.verificationCadenceDays;
      }
      const fields = Object.keys(changes);
      if (fields.length === 0) return;
      await this.groups.update(manager, id, changes, auth.id, this.clock.now());
      if (changes.name) await this.groups.refreshMeetingSearchText(manager, id);
      // Publishing lists the meetings (search slots), unpublishing takes them out at once.
      if (changes.published !== undefined) await this.writer.reindexGroup(manager, id);
      await this.writer.recordChange(manager, id, null, auth.id, 'group.update', fields);
    });
    return this.get(id, auth);
  }

  async remove(auth: AuthUser, id: string): Promise<void> {
    await this.groups.transaction(async (manager) => {
      await this.access.manageable(manager, id, auth);
      await this.groups.delete(manager, id);
    });
  }

  async leads(auth: AuthUser, id: string): Promise<GroupLeadResponseDto[]> {
    await this.groups.transaction((manager) => this.access.manageable(manager, id, auth));
    return (await this.groups.leads(id)).map((l) => ({
      user: { id: l.userId, displayName: l.displayName },
      since: l.addedAt.toISOString(),
    }));
  }

  async addLead(auth: AuthUser, id: string, userId: string): Promise<GroupLeadResponseDto[]> {
    await this.groups.transaction(async (manager) => {
      await this.access.manageable(manager, id, auth);
      if (!(await this.users.findById(userId, manager))) throw new NotFoundException('No member with that id');
      if (await this.groups.addLead(manager, id, userId, auth.id, this.clock.now())) {
        await this.writer.recordChange(manager, id, null, auth.id, 'lead.add', [userId]);
      }
    });
    return this.leads(auth, id);
  }

  async removeLead(auth: AuthUser, id: string, userId: string): Promise<void> {
    await this.groups.transaction(async (manager) => {
      await this.access.manageable(manager, id, auth);
      const leads = await this.groups.leads(id, manager);
      if (!leads.some((l) => l.userId === userId)) throw new NotFoundException('That member is not a lead of this group');
      if (leads.length === 1) {
        throw new ConflictException('A group needs at least one lead: add another lead first (or delete the group)');
      }
      await this.groups.removeLead(manager, id, userId);
      await this.writer.recordChange(manager, id, null, auth.id, 'lead.remove', [userId]);
    });
  }

  async changes(auth: AuthUser, id: string, limit: number): Promise<GroupChangeResponseDto[]> {
    await this.groups.transaction((manager) => this.access.manageable(manager, id, auth));
    return (await this.groups.changes(id, limit)).map((c) => ({ ...c, at: c.at.toISOString() }));
  }
}
