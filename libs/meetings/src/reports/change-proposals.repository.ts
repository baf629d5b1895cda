import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ProposalStatus } from '../entities/meeting-change-proposal.entity';

export type ProposalRow = {
  id: string;
  meetingId: string;
  meetingName: string;
  groupId: string;
  proposedBy: { id: string; displayName: string };
  changes: Record<string, unknown>;
  fields: string[];
  base: Record<string, unknown>;
  note: string;
  status: ProposalStatus;
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: { id: string; displayName: string } | null;
};

type RawProposal = {
  id: string;
  meeting_id: string;
  meeting_name: string;
  group_id: string;
  proposer_id: string;
  proposer_name: string;
  changes: Record<string, unknown>;
  fields: string[];
  base: Record<string, unknown>;
  note: string;
  status: ProposalStatus;
  created_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  decider_name: string | null;
};

const SELECT = `SELECT p.id, p.meeting_id, m.name AS meeting_name, p.group_id, p.proposer_id, pu.display_name AS proposer_name,
       p.changes, p.fields, p.base, p.note, p.status, p.created_at, p.decided_at, p.decided_by, du.display_name AS decider_name
  FROM meeting_change_proposals p JOIN meetings m ON m.id = p.meeting_id
  JOIN users pu ON pu.id = p.proposer_id LEFT JOIN users du ON du.id = p.decided_by`;

const ref = (id: string | null, name: string | null): { id: string; displayName: string } | null =>
  id && name ? { id, displayName: name } : null;

function toRow(r: RawProposal): ProposalRow {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    meetingName: r.meeting_name,
    groupId: r.group_id,
    proposedBy: { id: r.proposer_id, displayName: r.proposer_name },
    changes: r.changes,
    fields: r.fields,
    base: r.base,
    note: r.note,
    status: r.status,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
    decidedBy: ref(r.decided_by, r.decider_name),
  };
}

@Injectable()
export class ChangeProposalsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async insert(
    values: {
      groupId: string;
      meetingId: string;
      proposerId: string;
      changes: Record<string, unknown>;
      fields: string[];
      base: Record<string, unknown>;
      note: string;
      at: Date;
    },
  ): Promise<string> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO meeting_change_proposals (group_id, meeting_id, proposer_id, changes, fields, base, note, status, created_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7, 'pending', $8) RETURNING id`,
      [values.groupId, values.meetingId, values.proposerId, JSON.stringify(values.changes), values.fields, JSON.stringify(values.base), values.note, values.at],
    );
    return rows[0].id;
  }

  async find(id: string, manager?: EntityManager): Promise<ProposalRow | null> {
    const rows = await (manager ?? this.dataSource.manager).query<RawProposal[]>(`${SELECT} WHERE p.id = $1`, [id]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Locks the proposal for the rest of the transaction: two decisions on one proposal queue up. */
  async lock(manager: EntityManager, id: string): Promise<{ id: string; groupId: string; meetingId: string } | null> {
    const rows = await manager.query<{ id: string; group_id: string; meeting_id: string }[]>(
      'SELECT id, group_id, meeting_id FROM meeting_change_proposals WHERE id = $1 FOR UPDATE',
      [id],
    );
    return rows[0] ? { id: rows[0].id, groupId: rows[0].group_id, meetingId: rows[0].meeting_id } : null;
  }

  async decide(manager: EntityManager, id: string, status: 'approved' | 'rejected', by: string, at: Date): Promise<void> {
    await manager.query(`UPDATE meeting_change_proposals SET status = $2, decided_by = $3, decided_at = $4 WHERE id = $1 AND status = 'pending'`, [
      id,
      status,
      by,
      at,
    ]);
  }

  /** A group's proposals: pending first (oldest first, the queue), then decided ones (newest first). */
  async ofGroup(groupId: string, status: ProposalStatus | undefined, limit: number): Promise<ProposalRow[]> {
    const rows = await this.dataSource.query<RawProposal[]>(
      `${SELECT} WHERE p.group_id = $1 AND ($2::varchar IS NULL OR p.status = $2)
        ORDER BY (p.status = 'pending') DESC,
                 CASE WHEN p.status = 'pending' THEN p.created_at END ASC,
                 p.decided_at DESC, p.id
        LIMIT $3`,
      [groupId, status ?? null, limit],
    );
    return rows.map(toRow);
  }

  async hasLeads(groupId: string, manager?: EntityManager): Promise<boolean> {
    const rows = await (manager ?? this.dataSource.manager).query<unknown[]>('SELECT 1 FROM group_leads WHERE group_id = $1 LIMIT 1', [groupId]);
    return rows.length > 0;
  }

  async leadIds(groupId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ user_id: string }[]>('SELECT user_id FROM group_leads WHERE group_id = $1 ORDER BY user_id', [groupId]);
    return rows.map((r) => r.user_id);
  }
}
