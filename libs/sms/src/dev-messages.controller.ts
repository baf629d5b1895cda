import { Controller, Get, Header, HttpCode, NotFoundException, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '@homegroup/config';
import { Public } from '@homegroup/operations';
import { LogProvider, type LoggedMessage } from './log.provider';
import { maskPhone } from './phone';
import { SmsInboundService } from './sms-inbound.service';
import { SmsProvider } from './sms-provider';

const escape = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * The development page of the log provider (ADR 0044): `GET /dev/messages` lists the texts and calls kept in
 * memory (number masked, body, time, status), newest first, each with a form to reply as that number through the
 * same inbound path as Twilio's webhook (try YES, 1, STOP locally). Not in the OpenAPI document; 404 with
 * NODE_ENV=production or another provider. Plain HTML and a form: no script, so the web app's CSP holds.
 */
@ApiExcludeController()
@Controller('dev/messages')
export class DevMessagesController {
  constructor(
    private readonly config: AppConfig,
    private readonly provider: SmsProvider,
    private readonly inbound: SmsInboundService,
  ) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  list(): string {
    return page(this.logProvider().recent());
  }

  @Post('reply')
  @Public()
  @HttpCode(303)
  @Header('Location', '/dev/messages')
  @Header('Cache-Control', 'no-store')
  async reply(@Req() request: FastifyRequest): Promise<string> {
    const provider = this.logProvider();
    const form = (request.body ?? {}) as Record<string, unknown>;
    const sid = typeof form.sid === 'string' ? form.sid : '';
    const body = typeof form.body === 'string' ? form.body.slice(0, 1600) : '';
    const to = provider.find(sid)?.to;
    if (!to || body.trim() === '') return '';
    provider.received(to, body);
    const outcome = await this.inbound.handle(to, body);
    if (outcome.reply) await provider.sendText({ to, body: outcome.reply, statusCallback: null });
    return '';
  }

  private logProvider(): LogProvider {
    if (this.config.nodeEnv === 'production' || !(this.provider instanceof LogProvider)) throw new NotFoundException();
    return this.provider;
  }
}

function page(messages: readonly LoggedMessage[]): string {
  const rows = messages
    .map(
      (m) => `<tr>
<td>${escape(m.at.toISOString())}</td>
<td>${m.direction === 'in' ? 'from' : 'to'} ${escape(maskPhone(m.to))}</td>
<td>${m.kind}</td>
<td>${escape(m.status)}</td>
<td class="body">${escape(m.body)}</td>
<td>${
        m.direction === 'out' && m.kind === 'sms'
          ? `<form method="post" action="/dev/messages/reply"><input type="hidden" name="sid" value="${escape(m.sid)}"><input name="body" maxlength="1600" placeholder="YES, 1, STOP…" aria-label="Reply as this number"><button type="submit">Reply as this number</button></form>`
          : ''
      }</td>
</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Homegroup: texts and calls (development)</title></head>
<body>
<h1>Texts and calls (development only)</h1>
<p>SMS_PROVIDER=log keeps the last 100 texts and calls here instead of sending them. Reload to see new ones.</p>
<table>
<thead><tr><th>Time (UTC)</th><th>Number</th><th>Kind</th><th>Status</th><th>Text</th><th></th></tr></thead>
<tbody>
${rows || '<tr><td colspan="6">Nothing sent yet.</td></tr>'}
</tbody>
</table>
</body></html>
`;
}
