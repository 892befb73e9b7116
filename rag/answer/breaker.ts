/**
 * A circuit breaker for an optional remote service: after `failures` failures in a row it opens
 * for `cooldownMs` (callers skip the service and use their fallback at once), then lets one trial
 * call through; a success closes it. The clock is injected.
 *
 * @example const b = new CircuitBreaker({ failures: 3, cooldownMs: 60_000, now: () => Date.now() })
 */
export interface BreakerOptions {
  failures: number
  cooldownMs: number
  now: () => number
}

export type BreakerState = 'closed' | 'open' | 'half-open'

export class CircuitBreaker {
  private fails = 0
  private openedAt: number | undefined
  private trial = false

  constructor(private readonly o: BreakerOptions) {}

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed'
    return this.o.now() - this.openedAt >= this.o.cooldownMs ? 'half-open' : 'open'
  }

  /** Whether a call may go out now (in half-open, only one trial at a time). */
  allow(): boolean {
    const s = this.state
    if (s === 'closed') return true
    if (s === 'open' || this.trial) return false
    this.trial = true
    return true
  }

  success(): void {
    this.fails = 0
    this.openedAt = undefined
    this.trial = false
  }

  failure(): void {
    this.trial = false
    this.fails++
    if (this.openedAt !== undefined || this.fails >= this.o.failures) this.openedAt = this.o.now()
  }
}
