import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { logMappedError, mapError } from '@homegroup/operations';
import { FellowshipEntity } from './entities/fellowship.entity';
import { AccountDataRegistry } from './account-data.registry';
import type { UpdateProfileDto } from './dto/update-profile.dto';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { UserEntity } from './entities/user.entity';
import { UsersRepository } from './users.repository';

@Injectable()
export class ProfileService {
  private readonly logger = new Logger(ProfileService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly registry: AccountDataRegistry,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    registry.registerExporter('account', async (userId, manager) => {
      // Through the repository: the phone decrypted, its lookup hash left out.
      const user = await this.users.findById(userId, manager);
      if (!user) throw new NotFoundException('This account does not exist any more');
      const { passwordHash: _hash, ...stored } = user;
      return stored;
    });
    registry.registerExporter('sessions', (userId, manager) =>
      manager.find(RefreshTokenEntity, {
        where: { userId },
        select: { id: true, familyId: true, createdAt: true, expiresAt: true, usedAt: true, revokedAt: true },
        order: { createdAt: 'ASC' },
      }),
    );
  }

  async get(userId: string): Promise<UserEntity> {
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundException('This account does not exist any more');
    return user;
  }

  async update(userId: string, dto: UpdateProfileDto): Promise<UserEntity> {
    const changes: Partial<UserEntity> = {};
    if (dto.displayName !== undefined) changes.displayName = dto.displayName;
    if (dto.timezone !== undefined) changes.timezone = dto.timezone;
    if (dto.country !== undefined) changes.country = dto.country;
    if (dto.phone !== undefined) changes.phone = dto.phone;
    if (dto.cleanDate !== undefined) changes.cleanDate = dto.cleanDate;
    if (dto.fellowships !== undefined) changes.fellowships = await this.knownFellowships(dto.fellowships);
    if (dto.languages !== undefined) changes.languages = [...new Set(dto.languages)];
    if (dto.copingList !== undefined) changes.copingList = dto.copingList;
    if (dto.gender !== undefined) changes.gender = dto.gender;
    if (dto.sponsorGenderPreference !== undefined)
      changes.sponsorGenderPreference = dto.sponsorGenderPreference;
    const user = await this.users.update(userId, changes);
    if (!user) throw new NotFoundException('This account does not exist any more');
    return user;
  }

  /** Upper-cased, de-duplicated codes that exist in the `fellowships` table; 400 naming the unknown ones. */
  private async knownFellowships(codes: string[]): Promise<string[]> {
    const wanted = [...new Set(codes.map((c) => c.toUpperCase()))];
    if (wanted.length === 0) return [];
    const found = await this.dataSource.getRepository(FellowshipEntity).findBy({ code: In(wanted) });
    const unknown = wanted.filter((c) => !found.some((f) => f.code === c));
    if (unknown.length > 0) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: `fellowships has unknown codes: ${unknown.join(', ')} (see GET /fellowships)`,
        fields: [{ field: 'fellowships', messages: [`unknown codes: ${unknown.join(', ')}`] }],
      });
    }
    return wanted;
  }

  /** Everything stored about the member, section by section, in one consistent snapshot. */
  async export(userId: string): Promise<Record<string, unknown>> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const out: Record<string, unknown> = { exportedAt: new Date().toISOString(), userId };
      for (const [section, exporter] of this.registry.sections()) {
        out[section] = await exporter(userId, manager);
      }
      return out;
    });
  }

  /**
   * Erases the account in one transaction (ADR 0038): the member's row is locked first (a concurrent write that
   * refers to it, e.g. a new alert, waits and then fails on its foreign key), every feature's erasure listener
   * removes what no foreign key reaches, then the row goes and everything attached to it by foreign key with it.
   * After the commit: the listeners' notifications, and the member's open sockets are closed.
   */
  async delete(userId: string): Promise<void> {
    const afterCommit = await this.dataSource.transaction(async (manager) => {
      const locked = await manager.query<unknown[]>('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [userId]);
      if (locked.length === 0) return null;
      const after = await this.registry.accountErasing(manager, userId);
      await this.users.delete(userId, manager);
      return after;
    });
    if (!afterCommit) throw new NotFoundException('This account does not exist any more');
    this.registry.accountDeleted(userId);
    // The erasure stands; a failed notification must not turn it into an error answer.
    for (const work of afterCommit) {
      try {
        await work();
      } catch (error) {
        logMappedError(this.logger, mapError(error), 'erasure: after commit');
      }
    }
  }
}
