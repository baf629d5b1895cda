import { Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';
import { AppConfig } from '@homegroup/config';

/** argon2id with the OWASP minimum (19 MiB, t=2, p=1) unless configured otherwise. */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash = '';

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    // Verified against when the email is unknown, so a miss costs the same time as a wrong password.
    this.dummyHash = await this.hash('not-a-real-password-0000');
  }

  hash(password: string): Promise<string> {
    const { memoryCost, timeCost, parallelism } = this.config.auth.argon2;
    return argon2.hash(password, { type: argon2.argon2id, memoryCost, timeCost, parallelism });
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    try {
      const ok = await argon2.verify(hash ?? this.dummyHash, password);
      return hash !== undefined && ok;
    } catch {
      return false;
    }
  }
}
