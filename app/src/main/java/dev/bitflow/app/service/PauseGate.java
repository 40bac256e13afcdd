package dev.bitflow.app.service;

import dev.bitflow.engine.api.TaskMonitor;

/**
 * Pauses long work at its safe points: the work calls {@link #passOrWait} (for training: from the engine's
 * listener, between optimiser steps) and blocks there while the gate is paused, until it is resumed or the
 * task is cancelled. The engine needs no pause support of its own.
 */
public final class PauseGate {
    private boolean paused;

    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    /** Returns at once unless paused; while paused, waits (checking for cancellation every 50 ms). */
    public synchronized void passOrWait(TaskMonitor monitor) {
        while (paused && !monitor.isCancelled()) {
            try {
                wait(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
