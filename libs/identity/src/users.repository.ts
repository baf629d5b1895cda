import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, QueryFailedError, Repository } from 'typeorm';
import { queryPrepared } from '@homegroup/database';
import { UUID_PATTERN } from '@homegroup/operations';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { UserEntity } from './entities/user.entity';


export type NewUser = Pick<UserEntity, 'email' | 'passwordHash' | 'displayName' | 'timezone'> &
  Partial<Pick<UserEntity, 'country' | 'copingList'>>;

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

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
      const columns = this.users.metadata.columns;
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
    return user;
  }

  findByEmail(normalizedEmail: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email: normalizedEmail });
  }

  /** Inserts a member; returns null when the email is already taken (unique violation). */
  async insert(user: NewUser): Promise<UserEntity | null> {
    try {
      return await this.users.save(this.users.create(user));
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505')
        return null;
      throw error;
    }
  }

  async update(id: string, changes: Partial<UserEntity>): Promise<UserEntity | null> {
    if (Object.keys(changes).length > 0) await this.users.update({ id }, changes);
    return this.findById(id);
  }

  /** Erases the member; their rows elsewhere go with them by foreign key. */
  async delete(id: string, manager?: EntityManager): Promise<boolean> {
    const result = await (manager ?? this.users.manager).delete(UserEntity, { id });
    return (result.affected ?? 0) > 0;
  }
}
