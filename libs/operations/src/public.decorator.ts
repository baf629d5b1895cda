import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'homegroup:public';

/** Marks a route that needs no access token (the global guard is secure by default). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
