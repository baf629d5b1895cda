import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, QueryFailedError, Repository } from 'typeorm';
import { UserEntity } from './entities/user.entity';

export type NewUser = Pick<UserEntity, 'email' | 'passwordHash' | 'displayName' | 'timezone'>;

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  findByEmail(normalizedEmail: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email: normalizedEmail });
  }

  /** Inserts a member; returns null when the email is already taken (unique violation). */
  async insert(user: NewUser): Promise<UserEntity | null> {
    try {
      return await this.users.save(this.users.create(user));
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') return null;
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
