// The model-based test of issue 9, part 1 of 2 (see model-run.ts).
import { modelTest } from './model-run';

modelTest(1);
