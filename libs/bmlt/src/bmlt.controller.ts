import { createHash } from 'node:crypto';
import { applyDecorators, Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, Public } from '@homegroup/operations';
import { BMLT_QUERY_PARAMETERS, BMLT_RESPONSE_SCHEMA } from './bmlt-openapi';
import {
  OUTPUT_FORMATS,
  parseCallback,
  parseSwitcher,
  SWITCHERS,
  type OutputFormat,
  type Query as BmltQuery,
} from './bmlt-params';
import { BmltService } from './bmlt.service';

/** Public listings, fetched by other sites' widgets: cacheable for a minute, revalidated by ETag. */
export const BMLT_CACHE_CONTROL = 'public, max-age=60';

const queryDecorators = BMLT_QUERY_PARAMETERS.map((p) =>
  ApiQuery({
    name: p.name,
    required: false,
    description: p.description,
    schema: { type: 'string', ...(p.enum ? { enum: p.enum } : {}) },
  }),
);

/**
 * BMLT's Semantic API (`/client_interface/{json|jsonp|tsml}/?switcher=…`, ADR 0041, docs/bmlt.md) outside
 * /api/v1, so BMLT clients (crouton, bread, yap) pointed at this server's root find it where they look. Clients
 * write the trailing slash; Nest routes have none, so `createFastifyAdapter` rewrites `/client_interface/json/` to
 * `/client_interface/json` before routing.
 */
@ApiTags('bmlt')
@Controller('client_interface')
export class BmltController {
  constructor(private readonly bmlt: BmltService) {}

  @Get(':format')
  @Public()
  @ApiOperation({
    summary:
      'BMLT Semantic API (read only): GetSearchResults, GetFormats, GetServiceBodies, GetServerInfo, GetFieldKeys, ' +
      'GetFieldValues, GetChanges, GetCoverageArea. Every value a string, weekdays 1 = Sunday, negative ids exclude. ' +
      '`tsml` answers GetSearchResults only, as a Meeting Guide feed; `jsonp` wraps the answer in `callback(…);`. ' +
      'Also answered with a trailing slash (`/client_interface/json/?switcher=…`), as BMLT clients write it',
  })
  @ApiParam({ name: 'format', enum: OUTPUT_FORMATS })
  @ApiQuery({ name: 'switcher', required: true, schema: { type: 'string', enum: [...SWITCHERS] } })
  @applyDecorators(...queryDecorators)
  @ApiProduces('application/json', 'application/javascript')
  @ApiOkResponse({ description: 'The switcher’s answer (BMLT shapes)', schema: BMLT_RESPONSE_SCHEMA })
  @ApiNotFoundResponse({ description: 'The format is not json, jsonp or tsml' })
  async semantic(
    @Param('format') format: string,
    @Query() query: BmltQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.answer(format, query, request, reply);
  }

  private async answer(
    format: string,
    query: BmltQuery,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(format))
      throw new NotFoundException('Use json, jsonp or tsml');
    const output = format as OutputFormat;
    const switcher = parseSwitcher(query);
    const callback = output === 'jsonp' ? parseCallback(query) : undefined;
    const root = `${request.protocol}://${request.host}`;
    let body: unknown;
    if (output === 'tsml') {
      if (switcher !== 'GetSearchResults') {
        throw badRequest([
          { field: 'switcher', messages: ['the tsml output answers GetSearchResults only'] },
        ]);
      }
      body = await this.bmlt.tsml(query, root);
    } else {
      switch (switcher) {
        case 'GetSearchResults':
          body = await this.bmlt.searchResults(query, root);
          break;
        case 'GetFormats':
          body = this.bmlt.formats(query, root);
          break;
        case 'GetServiceBodies':
          body = await this.bmlt.serviceBodies(query);
          break;
        case 'GetServerInfo':
          body = await this.bmlt.serverInfo();
          break;
        case 'GetFieldKeys':
          body = this.bmlt.fieldKeys();
          break;
        case 'GetFieldValues':
          body = await this.bmlt.fieldValues(query, root);
          break;
        case 'GetChanges':
          body = await this.bmlt.changes(query);
          break;
        case 'GetCoverageArea':
          body = await this.bmlt.coverageArea();
          break;
      }
    }
    const json = JSON.stringify(body);
    const text = callback ? `/**/${callback}(${json});` : json;
    const etag = `W/"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
    void reply
      .header('Cache-Control', BMLT_CACHE_CONTROL)
      .header('ETag', etag)
      .header('Vary', 'Accept-Encoding');
    if (request.headers['if-none-match'] === etag) {
      await reply.status(304).send();
      return;
    }
    await reply
      .status(200)
      .header(
        'Content-Type',
        callback ? 'application/javascript; charset=utf-8' : 'application/json; charset=utf-8',
      )
      .send(text);
  }
}
