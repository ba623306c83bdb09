import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG } from '../config/app-config.js';
import type { ResolvedConfig } from '../config/secrets.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { ViewerService } from './viewer.service.js';
import { VIEWER_SOURCE } from '../authorization/viewer.js';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: ResolvedConfig) => ({ secret: config.tokenSecret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
  ],
  providers: [AuthService, AuthRepository, AuthResolver, ViewerService, { provide: VIEWER_SOURCE, useExisting: ViewerService }],
  exports: [AuthService, VIEWER_SOURCE],
})
export class AuthModule {}
