// Imported first by src/cli.ts, for its side effect: the engine bundle must be set up for code caching
// before any module of the CLI requires ./engine.js (imports run in the order they are written).
import { useEngineCodeCache } from './engine-code-cache';

useEngineCodeCache();
