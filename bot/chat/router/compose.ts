/**
 * grammY-style middleware: a handler gets the context and `next`; `compose` chains them; one
 * error boundary at the top turns any failure into one logged event and one polite reply.
 *
 * @example const run = compose([errorBoundary(log), dropSelf(), …, ask(deps)])
 */
import { UserError } from '../../errors.js'
import type { BotContext } from './context.js'

export type Handler = (ctx: BotContext, next: () => Promise<void>) => Promise<void>

export function compose(handlers: Handler[]): (ctx: BotContext) => Promise<void> {
  return (ctx) => {
    const run = async (i: number): Promise<void> => {
      const h = handlers[i]
      if (!h) return
      let called = false
      await h(ctx, async () => {
        if (called) throw new Error('next() called twice')
        called = true
        await run(i + 1)
      })
    }
    return run(0)
  }
}

export const APOLOGY = '系统暂时无法处理这条消息，请稍后再试。'

export const errorBoundary = (): Handler => async (ctx, next) => {
  try {
    await next()
  } catch (err) {
    if (err instanceof UserError) {
      ctx.outcome = 'user-error'
      await ctx.reply(err.message).catch(() => undefined)
      return
    }
    ctx.outcome = 'error'
    ctx.log.error({ err: { name: (err as Error)?.name, code: (err as { code?: string })?.code, stack: (err as Error)?.stack } }, 'handler failed')
    await ctx.reply(APOLOGY).catch(() => undefined)
  }
}
