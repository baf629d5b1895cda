import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, QueryFailedError, Repository } from 'typeorm';
import { FIELD, FieldCipher } from '@homegroup/crypto';
import { queryPrepared } from '@homegroup/database';
import { UUID_PATTERN } from '@homegroup/operations';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { UserEntity } from './entities/user.entity';

export type NewUser = Pick<UserEntity, 'email' | 'passwordHash' | 'displayName' | 'timezone'> &
  Partial<Pick<UserEntity, 'country' | 'copingList'>>;

/**
 * Members. The phone is encrypted here on the way in (with its keyed lookup hash) and decrypted on the way out
 * (ADR 0037): every UserEntity this repository answers holds the number, every row in `users` the ciphertext.
 */
@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly cipher: FieldCipher,
  ) {}

  /** The stored entity as the rest of the app sees it: the phone decrypted, the lookup hash left out. */
  private opened(user: UserEntity | null): UserEntity | null {
    if (!user) return null;
    user.phone = this.cipher.decryptNullable(user.phone, FIELD.userPhone);
    delete (user as Partial<UserEntity>).phoneHash;
    return user;
  }

  /** The keyed lookup hash of an E.164 number (the same function the column is written with). */
  phoneHash(phone: string): string {
    return this.cipher.hash(phone, FIELD.userPhone);
  }

  private selectById?: { sql: string; columns: ColumnMetadata[] };

  /**
   * Primary-key lookup, run on every authenticated request and socket handshake: one named prepared statement,
   * mapped by the entity's own metadata, instead of building a TypeORM query each time (which was the
   * largest CPU cost of `GET /me`). Inside a transaction, pass its manager: a second connection taken while the
   * transaction holds one can wait forever once every pooled connection is held that way.
   */
  async findById(id: string, manager: EntityManager = this.users.manager): Promise<UserEntity | null> {
    if (!UUID_PATTERN.test(id)) return null;
    if (!this.selectById) {
      // Not the columns marked `select: false` (the phone's lookup hash): find() leaves them out too.
      const columns = this.users.metadata.columns.filter((column) => column.isSelect);
      const list = columns.map((column) => `"${column.databaseName}"`).join(', ');
      this.selectById = {
        sql: `SELECT ${list} FROM "${this.users.metadata.tableName}" WHERE "id" = $1`,
        columns,
      };
    }
    const rows = await queryPrepared<Record<string, unknown>>(manager, this.selectById.sql, [id]);
    if (rows.length === 0) return null;
    const driver = this.users.manager.connection.driver;
    const user = new UserEntity();
    for (const column of this.selectById.columns) {
      // The driver's own conversion (e.g. `date` → 'YYYY-MM-DD'), exactly as find() would hydrate.
      column.setEntityValue(user, driver.prepareHydratedValue(rows[0][column.databaseName], column));
    }
    return this.opened(user);
  }

  async findByEmail(normalizedEmail: string): Promise<UserEntity | null> {
    return this.opened(await this.users.findOneBy({ email: normalizedEmail }));
  }

  /**
   * The ids of members whose phone is `e164` (exactly, as stored: E.164), found by the keyed hash's index; the
   * number itself is never compared in SQL (it is stored encrypted).
   */
  async idsByPhone(e164: string, manager: EntityManager = this.users.manager): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM users WHERE phone_hash = $1 ORDER BY created_at, id`,
      [this.phoneHash(e164)],
    );
    return rows.map((r) => r.id);
  }

  /** The stored form of a change: the phone encrypted, with its hash. */
  private sealed(changes: Partial<UserEntity>): Partial<UserEntity> {
    if (!('phone' in changes)) return changes;
    const sealed = { ...changes };
    sealed.phone = this.cipher.encryptNullable(changes.phone, FIELD.userPhone);
    sealed.phoneHash = changes.phone ? this.phoneHash(changes.phone) : null;
    return sealed;
  }

  /** Inserts a member; returns null when the email is already taken (unique violation). */
  async insert(user: NewUser): Promise<UserEntity | null> {
    try {
      const saved = await this.users.save(this.users.create(this.sealed(user)));
      return this.opened(saved);
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505')
        return null;
      throw error;
    }
  }

  async update(id: string, changes: Partial<UserEntity>): Promise<UserEntity | null> {
    if (Object.keys(changes).length > 0) await this.users.update({ id }, this.sealed(changes));
    return this.findById(id);
  }

  /** Erases the member; their rows elsewhere go with them by foreign key. */
  async delete(id: string, manager?: EntityManager): Promise<boolean> {
    const result = await (manager ?? this.users.manager).delete(UserEntity, { id });
    return (result.affected ?? 0) > 0;
  }
}
