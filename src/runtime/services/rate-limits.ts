import { required } from '../config';
import { config, containerSingleton } from '../context';
import { RateLimiter } from '../realtime/rate-limits';

/** Users' rate-limit buckets, in the connections table, sized by `RATE_LIMIT_PER_SECOND` and `RATE_LIMIT_BURST`. */
export const rateLimits: () => RateLimiter = containerSingleton(() => {
  const settings = config();
  return new RateLimiter(required(settings, 'connectionsTable'), { perSecond: settings.rateLimitPerSecond, burst: settings.rateLimitBurst });
});
