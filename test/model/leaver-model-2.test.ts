// The model-based test of issue 9, part 2 of 2 (see model-run.ts).
import { modelTest } from './model-run';

modelTest(2);
