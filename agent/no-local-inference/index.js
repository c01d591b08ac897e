// See package.json: refusing to load is how @livekit/agents learns that local inference is off.
throw new Error("@livekit/local-inference is disabled in Onboarding Rooms: the guide does no speech recognition");
