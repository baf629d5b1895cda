import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@homegroup/config';
import { AccountDataRegistry } from './account-data.registry';
import { jwtKey } from './jwt-key';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { BlocksController } from './blocks.controller';
import { BlocksService } from './blocks.service';
import { FellowshipEntity } from './entities/fellowship.entity';
import { MemberBlockEntity } from './entities/member-block.entity';
import { FellowshipsController } from './fellowships.controller';
import { IdentityJobs } from './identity-jobs';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { UserEntity } from './entities/user.entity';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { MeController } from './me.controller';
import { PasswordHasher } from './password-hasher.service';
import { ProfileService } from './profile.service';
import { JwtStrategy } from './strategies/jwt.strategy';
import { LocalStrategy } from './strategies/local.strategy';
import { TokensService } from './tokens.service';
import { UsersRepository } from './users.repository';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, RefreshTokenEntity, FellowshipEntity, MemberBlockEntity]),
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ secret: jwtKey(config) }),
    }),
  ],
  controllers: [AuthController, MeController, BlocksController, FellowshipsController],
  providers: [
    AccountDataRegistry,
    AuthService,
    BlocksService,
    IdentityJobs,
    ProfileService,
    PasswordHasher,
    TokensService,
    UsersRepository,
    LocalStrategy,
    JwtStrategy,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [AccountDataRegistry, BlocksService, TokensService, UsersRepository, PasswordHasher, ProfileService],
})
export class IdentityModule {}
