/**
 * Where speech starts in what a microphone sends, so that the recognizer
 * hears the question and not the wait before it. pocketsphinx normalizes
 * its features from what it has heard so far: seconds of near-silence
 * before a question (a person holding the button, then thinking) left it
 * hearing "where are auth" for "where is the telemetry consumer", which it
 * heard right once the silence was cut.
 *
 * A plain energy gate, not a voice-activity model: `@livekit/local-inference`
 * ships one, but costs about 250 MB per worker, and this is enough to trim
 * the window. A little audio from before the onset is kept, so that a soft
 * first sound is not lost.
 */

/** About −45 dBFS: above a quiet room's noise, below any spoken word. */
const ONSET_RMS = 180;
/** Audio kept from before the onset. */
const PRE_ROLL_SAMPLES = 16_000 * 0.3;

function rms(samples: Int16Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

export class SpeechOnset {
  private started = false;
  private waiting: Int16Array[] = [];
  private waitingSamples = 0;

  /** The audio to pass on for this frame: nothing before the onset; at it, the pre-roll too; after it, the frame. */
  push(frame: Int16Array): Int16Array[] {
    if (this.started) return [frame];
    this.waiting.push(frame);
    this.waitingSamples += frame.length;
    while (this.waiting.length > 1 && this.waitingSamples - this.waiting[0]!.length >= PRE_ROLL_SAMPLES) {
      this.waitingSamples -= this.waiting.shift()!.length;
    }
    if (rms(frame) < ONSET_RMS) return [];
    this.started = true;
    const kept = this.waiting;
    this.waiting = [];
    return kept;
  }

  get heardSpeech(): boolean {
    return this.started;
  }
}
