import type { UserEntity } from './entities/user.entity';

/** Who is calling: what services receive instead of a request object. */
export type AuthUser = { id: string; displayName: string; timezone: string; user: UserEntity };
