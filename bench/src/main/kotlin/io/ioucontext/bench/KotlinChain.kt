package io.ioucontext.bench

import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.createCoroutine
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn
import kotlin.coroutines.resume

/**
 * The frame shape of the Java contenders (an Int, a Long and an Any live across each call, one
 * ordinary call before it) as Kotlin suspend functions whose bottom level suspends forever. The
 * coroutine runs without dispatcher or interceptor; [resume] hands control back to the bottom frame.
 */
class KotlinChain(private val depth: Int) {

    private var suspended: Continuation<Unit>? = null

    /** Starts the coroutine; it returns once the bottom level has suspended. */
    fun start(): KotlinChain {
        val body: suspend () -> Long = { descend(depth, 0L, TOKEN) }
        body.createCoroutine(Continuation(EmptyCoroutineContext) { it.getOrThrow() }).resume(Unit)
        return this
    }

    /** Resumes the bottom frame, which suspends again at once. */
    fun resume() {
        suspended!!.resume(Unit)
    }

    private suspend fun descend(depth: Int, acc: Long, token: Any): Long {
        if (depth == 1) {
            while (true) {
                suspendHere()
            }
        }
        val next = step(acc, depth)
        val below = descend(depth - 1, next, token)
        return below + depth + next + token.hashCode()
    }

    private suspend fun suspendHere(): Unit = suspendCoroutineUninterceptedOrReturn { continuation ->
        suspended = continuation
        COROUTINE_SUSPENDED
    }

    private companion object {
        val TOKEN: Any = "token"

        fun step(acc: Long, depth: Int): Long = acc * 31 + depth
    }
}
