import { applyDecorators, SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'homegroup:public';
export const OPTIONAL_AUTH_KEY = 'homegroup:optional-auth';

/** Marks a route that needs no access token (the global guard is secure by default). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * A public route that also knows the caller when an access token is sent (e.g. a lead reading their own
 * unpublished group). Without a token it is anonymous; a token that is sent must be valid (401 otherwise).
 */
export const OptionalAuth = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC_KEY, true), SetMetadata(OPTIONAL_AUTH_KEY, true));
