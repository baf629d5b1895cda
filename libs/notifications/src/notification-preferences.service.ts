import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AccountDataRegistry } from '@homegroup/identity';
import type { NotificationPreferencesResponseDto } from './dto/notification-preferences.response.dto';
import type { UpdateNotificationPreferencesDto } from './dto/update-notification-preferences.dto';
import { NotificationPreferencesEntity } from './entities/notification-preferences.entity';

/**
 * A member's notification choices. Today one: whether lock-screen text about craving alerts may say
 * "craving" and the intensity. Off until the member turns it on; each member changes only their own.
 */
@Injectable()
export class NotificationPreferences {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    registry: AccountDataRegistry,
  ) {
    registry.registerExporter('notificationPreferences', async (userId, manager) => {
      const row = await manager.findOneBy(NotificationPreferencesEntity, { userId });
      return row ? { showCravingDetails: row.showCravingDetails, updatedAt: row.updatedAt } : null;
    });
  }

  /** Whether the member opted in to craving details on their lock screen (default: no). */
  async showCravingDetails(userId: string): Promise<boolean> {
    const row = await this.dataSource.manager.findOneBy(NotificationPreferencesEntity, { userId });
    return row?.showCravingDetails ?? false;
  }

  /** Of `userIds`, those who opted in to craving details: one query for a whole fan-out. */
  async withCravingDetails(userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.dataSource.manager.find(NotificationPreferencesEntity, {
      select: { userId: true },
      where: { userId: In(userIds), showCravingDetails: true },
    });
    return new Set(rows.map((r) => r.userId));
  }

  async get(userId: string): Promise<NotificationPreferencesResponseDto> {
    const row = await this.dataSource.manager.findOneBy(NotificationPreferencesEntity, { userId });
    return {
      showCravingDetails: row?.showCravingDetails ?? false,
      updatedAt: row ? row.updatedAt.toISOString() : null,
    };
  }

  async update(
    userId: string,
    dto: UpdateNotificationPreferencesDto,
  ): Promise<NotificationPreferencesResponseDto> {
    const rows = await this.dataSource.query<{ showCravingDetails: boolean; updatedAt: Date }[]>(
      `INSERT INTO notification_preferences (user_id, show_craving_details) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET show_craving_details = EXCLUDED.show_craving_details, updated_at = now()
       RETURNING show_craving_details AS "showCravingDetails", updated_at AS "updatedAt"`,
      [userId, dto.showCravingDetails],
    );
    return { showCravingDetails: rows[0].showCravingDetails, updatedAt: rows[0].updatedAt.toISOString() };
  }
}
