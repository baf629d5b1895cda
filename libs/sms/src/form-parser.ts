import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Where form-encoded bodies are taken: Twilio's webhooks and the development page's reply form. */
export const FORM_BODY_PATHS = ['/api/v1/webhooks/twilio/', '/dev/messages/'];
/** Twilio's largest webhook (an inbound text of 1,600 characters and its 20-odd parameters) is well under this. */
export const FORM_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * `application/x-www-form-urlencoded` for the paths above only, at most 16 KiB, parsed to `{ name: value }` (a
 * repeated name becomes a list, as Twilio signs it). It replaces Nest's default form parser, which took forms on
 * every route: every other route now answers 415 ("send JSON") to a form.
 */
export function registerTwilioFormParser(app: NestFastifyApplication): void {
  app.useBodyParser(
    'application/x-www-form-urlencoded',
    { bodyLimit: FORM_BODY_LIMIT_BYTES },
    (request, body: Buffer, done) => {
      const path = request.url;
      if (!FORM_BODY_PATHS.some((prefix) => path.startsWith(prefix))) {
        const error = Object.assign(new Error('Send the body as application/json'), {
          statusCode: 415,
          code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
        });
        done(error, undefined);
        return;
      }
      const params: Record<string, string | string[]> = {};
      for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
        const previous = params[name];
        if (previous === undefined) params[name] = value;
        else params[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
      }
      done(null, params);
    },
  );
}
