import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `MG` is the Meeting Guide vocabulary (the 87 reserved codes); other vocabularies are fellowship codes (NA). */
export const MEETING_GUIDE_VOCABULARY = 'MG';

/**
 * The meeting type vocabulary as data: the Meeting Guide codes (code4recovery/spec, MIT) and fellowship
 * format codes (NA World Services ids), each fellowship code mapped to the Meeting Guide code it means.
 */
@Entity({ name: 'meeting_types' })
export class MeetingTypeEntity {
  /** `MG`, or a fellowship code (`NA`) for that fellowship's own format codes. */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  vocabulary: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  code: string;

  /** English label. */
  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** format, audience, accessibility, language, open_closed, status. */
  @Column({ type: 'varchar', length: 24 })
  category: string;

  /** The Meeting Guide code this one means (itself for MG codes), null when there is none. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  meetingGuideCode: string | null;

  /** For language types: the BCP 47 tag (Meeting Guide `S` = `es`). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  language: string | null;

  /** Labels by UI language (Meeting Guide's translations: en, es, fr, ja, nl, pt, sk, sv, th). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  labels: Record<string, string>;
}
