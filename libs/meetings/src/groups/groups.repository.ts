import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { GroupEntity } from '../entities/group.entity';
import { GroupLeadEntity } from '../entities/group-lead.entity';

/** What a change log holds instead of an erased member's id (`lead.add`, `lead.remove`). */
export const ERASED_MEMBER = 'erased-member';

export type GroupValues = Pick<GroupEntity, 'name' | 'fellowship' | 'description' | 'published'>;
export type GroupChanges = Partial<GroupValues & Pick<GroupEntity, 'verificationCadenceDays'>>;
export type LeadRow = { userId: string; displayName: string; addedAt: Date };
export type ChangeRow = {
  id: string;
  meetingId: string | null;
  actor: { id: string; displayName: string } | null;
  action: string;
  fields: string[];
  diff: Record<string, { before: unknown; after: unknown }> | null;
  proposalId: string | null;
  at: Date;
};

@Injectable()
export class GroupsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findById(id: string, manager?: EntityManager): Promise<GroupEntity | null> {
    return this.m(manager).findOneBy(GroupEntity, { id });
  }

  /** Locks the group row: writes to one group's meetings and leads queue up behind each other. */
  async lock(manager: EntityManager, id: string): Promise<GroupEntity | null> {
    return manager.getRepository(GroupEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Holds until the transaction ends: two imports naming the same source group wait here, so one group is made. */
  async lockSourceKey(manager: EntityManager, source: string, sourceKey: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`import-group:${source}:${sourceKey}`]);
  }

  findBySource(source: string, sourceKey: string, manager?: EntityManager): Promise<GroupEntity | null> {
    return this.m(manager).findOneBy(GroupEntity, { source, sourceKey });
  }

  async insert(
    manager: EntityManager,
    values: GroupValues & { source?: string | null; sourceKey?: string | null },
    actorId: string | null,
    at: Date,
  ): Promise<GroupEntity> {
    const group = manager.create(GroupEntity, {
      ...values,
      source: values.source ?? null,
      sourceKey: values.sourceKey ?? null,
      createdBy: actorId,
      updatedBy: actorId,
      createdAt: at,
      updatedAt: at,
    });
    return manager.save(group);
  }

  async update(manager: EntityManager, id: string, changes: GroupChanges, actorId: string | null, at: Date): Promise<void> {
    await manager.update(GroupEntity, { id }, { ...changes, updatedBy: actorId, updatedAt: at });
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(GroupEntity, { id });
  }

  async isLead(groupId: string, userId: string, manager?: EntityManager): Promise<boolean> {
    const rows = await this.m(manager).query<unknown[]>('SELECT 1 FROM group_leads WHERE group_id = $1 AND user_id = $2', [groupId, userId]);
    return rows.length > 0;
  }

  /** Adds a lead; false when they already were one. */
  async addLead(manager: EntityManager, groupId: string, userId: string, addedBy: string | null, at: Date): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO group_leads (group_id, user_id, added_by, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (group_id, user_id) DO NOTHING RETURNING user_id`,
      [groupId, userId, addedBy, at],
    );
    return rows.length > 0;
  }

  async removeLead(manager: EntityManager, groupId: string, userId: string): Promise<boolean> {
    const result = await manager.delete(GroupLeadEntity, { groupId, userId });
    return (result.affected ?? 0) > 0;
  }

  async leads(groupId: string, manager?: EntityManager): Promise<LeadRow[]> {
    const rows = await this.m(manager).query<{ user_id: string; display_name: string; created_at: Date }[]>(
      `SELECT gl.user_id, u.display_name, gl.created_at FROM group_leads gl JOIN users u ON u.id = gl.user_id
        WHERE gl.group_id = $1 ORDER BY gl.created_at, gl.user_id`,
      [groupId],
    );
    return rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, addedAt: r.created_at }));
  }

  /** A renamed group: its meetings' search text holds the group's name. */
  async refreshMeetingSearchText(manager: EntityManager, groupId: string): Promise<void> {
    await manager.query(
      `UPDATE meetings m
          SET search_text = lower(concat_ws(' ', m.name, g.name,
                (SELECT concat_ws(' ', l.name, l.address, l.city, l.formatted_address) FROM locations l WHERE l.id = m.location_id)))
         FROM groups g
        WHERE g.id = m.group_id AND m.group_id = $1`,
      [groupId],
    );
  }

  /** The groups a member leads (newest first). */
  ledBy(userId: string): Promise<GroupEntity[]> {
    return this.dataSource
      .getRepository(GroupEntity)
      .createQueryBuilder('g')
      .innerJoin(GroupLeadEntity, 'gl', 'gl.group_id = g.id AND gl.user_id = :userId', { userId })
      .orderBy('g.created_at', 'DESC')
      .getMany();
  }

  async recordChange(
    manager: EntityManager,
    change: {
      groupId: string;
      meetingId: string | null;
      actorId: string | null;
      action: string;
      fields: string[];
      diff?: Record<string, { before: unknown; after: unknown }> | null;
      proposalId?: string | null;
      at: Date;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO meeting_changes (group_id, meeting_id, actor_id, action, fields, diff, proposal_id, at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
      [
        change.groupId,
        change.meetingId,
        change.actorId,
        change.action,
        change.fields,
        change.diff ? JSON.stringify(change.diff) : null,
        change.proposalId ?? null,
        change.at,
      ],
    );
  }

  async changes(groupId: string, limit: number): Promise<ChangeRow[]> {
    const rows = await this.dataSource.query<
      {
        id: string;
        meeting_id: string | null;
        actor_id: string | null;
        display_name: string | null;
        action: string;
        fields: string[];
        diff: Record<string, { before: unknown; after: unknown }> | null;
        proposal_id: string | null;
        at: Date;
      }[]
    >(
      `SELECT c.id, c.meeting_id, c.actor_id, u.display_name, c.action, c.fields, c.diff, c.proposal_id, c.at
         FROM meeting_changes c LEFT JOIN users u ON u.id = c.actor_id
        WHERE c.group_id = $1 ORDER BY c.at DESC, c.id DESC LIMIT $2`,
      [groupId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      meetingId: r.meeting_id,
      actor: r.actor_id && r.display_name ? { id: r.actor_id, displayName: r.display_name } : null,
      action: r.action,
      fields: r.fields,
      diff: r.diff,
      proposalId: r.proposal_id,
      at: r.at,
    }));
  }

  /** Erasure: the member's id in change logs (`lead.add`/`lead.remove` name the lead) becomes ERASED_MEMBER. */
  async forgetInChanges(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(
      `UPDATE meeting_changes SET fields = array_replace(fields, $1::varchar, $2::varchar) WHERE $1::varchar = ANY(fields)`,
      [userId, ERASED_MEMBER],
    );
  }

  /** What the export of a member holds: the groups they lead, the changes they made, their reports of listings and change proposals. */
  async exportFor(userId: string, manager: EntityManager): Promise<unknown> {
    const led = await manager.query<unknown[]>(
      `SELECT g.id, g.name, g.fellowship, g.published, gl.created_at AS "leadSince"
         FROM group_leads gl JOIN groups g ON g.id = gl.group_id WHERE gl.user_id = $1 ORDER BY gl.created_at`,
      [userId],
    );
    const changes = await manager.query<unknown[]>(
      `SELECT group_id AS "groupId", meeting_id AS "meetingId", action, fields, at
         FROM meeting_changes WHERE actor_id = $1 ORDER BY at`,
      [userId],
    );
    // Their reports of listings (ADR 0042); they go with the account by foreign key.
    const reports = await manager.query<unknown[]>(
      `SELECT meeting_id AS "meetingId", reason, note, created_at AS "createdAt", closed_at AS "closedAt"
         FROM meeting_reports WHERE reporter_id = $1 ORDER BY created_at`,
      [userId],
    );
    const proposals = await manager.query<unknown[]>(
      `SELECT meeting_id AS "meetingId", changes, note, status, created_at AS "createdAt", decided_at AS "decidedAt"
         FROM meeting_change_proposals WHERE proposer_id = $1 ORDER BY created_at`,
      [userId],
    );
    return { groupsLed: led, changesMade: changes, reportsMade: reports, proposalsMade: proposals };
  }
}
