import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const GENDERS = ['woman', 'man', 'nonbinary'] as const;
export type Gender = (typeof GENDERS)[number];
export const SPONSOR_GENDER_PREFERENCES = ['same', 'any'] as const;
export type SponsorGenderPreference = (typeof SPONSOR_GENDER_PREFERENCES)[number];
/** `admin` moderates groups and listings and imports feeds. */
export const USER_ROLES = ['member', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
/** A member's own coping list: at most this many items, each 1–COPING_ITEM_MAX_LENGTH characters (trimmed). */
export const COPING_LIST_MAX_ITEMS = 20;
export const COPING_ITEM_MAX_LENGTH = 200;

@Entity({ name: 'users' })
@Check('ck_users_role', `"role" IN ('member', 'admin')`)
@Check('ck_users_coping_list_size', `cardinality("coping_list") <= 20`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored trimmed and lower-cased, so uniqueness is case-insensitive. Never shown to peers. */
  @Index('uq_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  /** What peers see. */
  @Column({ type: 'varchar', length: 40 })
  displayName: string;

  /** IANA time zone, e.g. America/New_York. */
  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timezone: string;

  /** ISO 3166-1 alpha-2 (e.g. US, GB): which crisis lines the member is shown. Null: the US lines. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  country: string | null;

  /**
   * E.164; private unless the member shares it with a contact. Stored encrypted (`v1:<keyId>:…`, ADR 0037):
   * UsersRepository encrypts and decrypts, so an entity in memory holds the number.
   */
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  /** Keyed hash (HMAC-SHA256, `FIELD_HASH_KEY`) of the E.164 number: equality lookups, never the number. */
  @Index('ix_users_phone_hash', { where: '"phone_hash" IS NOT NULL' })
  @Column({ type: 'varchar', length: 64, nullable: true, select: false })
  phoneHash: string | null;

  /** Private by default. */
  @Column({ type: 'date', nullable: true })
  cleanDate: string | null;

  /** Codes from the `fellowships` table (NA, AA, SMART, …). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  fellowships: string[];

  /** Languages the member can talk in, as BCP 47 tags (en, es, pt-BR). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  /**
   * What helps the member through a craving, in their own order ("Call my sponsor", "Walk around the block").
   * Private: only ever returned to the member themselves (GET/PATCH /me, the export), never to anyone else
   * (ADR 0034).
   */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  copingList: string[];

  /** Optional; used only for the same-gender sponsor filter. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  gender: Gender | null;

  /** Which sponsors discovery shows by default: `same` gender (the tradition's default) or `any`. */
  @Column({ type: 'varchar', length: 16, default: 'same' })
  sponsorGenderPreference: SponsorGenderPreference;

  /**
   * `member` or `admin`. Never set through the API (no DTO carries it): an operator grants it in SQL
   * (`UPDATE users SET role = 'admin' WHERE email = …`), the embedded demo seeds one admin.
   */
  @Column({ type: 'varchar', length: 16, default: 'member' })
  role: UserRole;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
