import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorFunction,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from './public.decorator';
import { RedisConnection } from './redis-connection';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly redis: RedisConnection,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary: 'Liveness and readiness: 200 when PostgreSQL (and Redis, if configured) answer; 503 otherwise',
  })
  check() {
    const checks: HealthIndicatorFunction[] = [async () => this.db.pingCheck('database').withTimeout(1500)];
    if (this.redis.enabled) {
      checks.push(async () =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            const client = await this.redis.get();
            await client?.ping();
          })
          .withTimeout(1500),
      );
    }
    return this.health.check(checks);
  }
}
