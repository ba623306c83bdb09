import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG } from '../config/app-config.js';
import type { ResolvedConfig } from '../config/secrets.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { ViewerService } from './viewer.service.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';
import { VIEWER_SOURCE } from '../authorization/viewer.js';
import { WebModule } from '../web/web.module.js';
import { SignInPagesController } from './sign-in-pages.controller.js';

@Global()
@Module({
  imports: [
    WebModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: ResolvedConfig) => ({ secret: config.tokenSecret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
  ],
  controllers: [SignInPagesController],
  providers: [
    AuthService,
    AuthRepository,
    AuthResolver,
    SessionsService,
    SessionsRepository,
    ViewerService,
    { provide: VIEWER_SOURCE, useExisting: ViewerService },
  ],
  exports: [AuthService, VIEWER_SOURCE],
})
export class AuthModule {}
