import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AccountDataRegistry } from '@homegroup/identity';
import { DomainRefusal } from '@homegroup/operations';
import type { NotificationPreferencesResponseDto } from './dto/notification-preferences.response.dto';
import type { UpdateNotificationPreferencesDto } from './dto/update-notification-preferences.dto';
import { NotificationPreferencesEntity } from './entities/notification-preferences.entity';

/** Turning the "nobody has answered" call on without a phone to call. */
export class PhoneRequiredForCallsError extends DomainRefusal {
  constructor() {
    super(
      422,
      'phone_required',
      'callMeWhenNobodyAnswers needs a phone on your profile: add your number first, then turn calls on.',
    );
  }
}

/**
 * A member's notification choices: whether lock-screen text about craving alerts may say "craving" and the
 * intensity, and whether they are phoned when a sponsee's alert reaches "nobody has answered" (ADR 0050). Off
 * until the member turns them on; each member changes only their own.
 */
@Injectable()
export class NotificationPreferences {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    registry: AccountDataRegistry,
  ) {
    registry.registerExporter('notificationPreferences', async (userId, manager) => {
      const row = await manager.findOneBy(NotificationPreferencesEntity, { userId });
      return row
        ? {
            showCravingDetails: row.showCravingDetails,
            callMeWhenNobodyAnswers: row.callMeWhenNobodyAnswers,
            updatedAt: row.updatedAt,
          }
        : null;
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
      callMeWhenNobodyAnswers: row?.callMeWhenNobodyAnswers ?? false,
      updatedAt: row ? row.updatedAt.toISOString() : null,
    };
  }

  async update(
    userId: string,
    dto: UpdateNotificationPreferencesDto,
  ): Promise<NotificationPreferencesResponseDto> {
    const callMe = dto.callMeWhenNobodyAnswers ?? null;
    // The phone check and the write are one statement: no row is written when calls are asked for without a phone.
    const rows = await this.dataSource.query<
      { showCravingDetails: boolean; callMeWhenNobodyAnswers: boolean; updatedAt: Date }[]
    >(
      `INSERT INTO notification_preferences (user_id, show_craving_details, call_me_when_nobody_answers)
       SELECT u.id, $2, COALESCE($3::boolean, false) FROM users u
        WHERE u.id = $1 AND ($3::boolean IS NOT TRUE OR u.phone IS NOT NULL)
       ON CONFLICT (user_id) DO UPDATE SET show_craving_details = EXCLUDED.show_craving_details,
         call_me_when_nobody_answers = COALESCE($3::boolean, notification_preferences.call_me_when_nobody_answers),
         updated_at = now()
       RETURNING show_craving_details AS "showCravingDetails",
                 call_me_when_nobody_answers AS "callMeWhenNobodyAnswers", updated_at AS "updatedAt"`,
      [userId, dto.showCravingDetails, callMe],
    );
    if (rows.length === 0) throw new PhoneRequiredForCallsError();
    return {
      showCravingDetails: rows[0].showCravingDetails,
      callMeWhenNobodyAnswers: rows[0].callMeWhenNobodyAnswers,
      updatedAt: rows[0].updatedAt.toISOString(),
    };
  }
}
