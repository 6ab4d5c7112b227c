import { describe, expect, it } from 'vitest';
import type { CorpusCase } from '../../../src/corpus/types.js';
import { mapStateExitedAfterFor } from '../../../src/runner/aws-eras.js';
import { caseById } from '../../helpers/corpus.js';

const withSource = (source: Record<string, unknown>) => ({ source }) as unknown as CorpusCase;

describe('mapStateExitedAfterFor', () => {
  it('asks for MapRunSucceeded for cases AWS last checked before 2024-11-13, MapRunStarted from then on', async () => {
    // Prepare: two recordings of the corpus, one on each side of the change
    const older = await caseById(
      'map-parallel',
      'scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_legacy_config_distributed',
    );
    const newer = await caseById(
      'map-parallel',
      'scenarios/test_base_scenarios.py::TestBaseScenarios::test_map_state_config_distributed_items_path_from_previous',
    );

    // Act
    const chosen = [mapStateExitedAfterFor(older), mapStateExitedAfterFor(newer)];

    // Assess
    expect(chosen).toEqual(['MapRunSucceeded', 'MapRunStarted']);
  });

  it('falls back on the recorded date when the case was never validated', () => {
    // Act
    const chosen = [
      mapStateExitedAfterFor(withSource({ last_validated_against_aws: null, recorded_date: '20-07-2024, 08:30:22' })),
      mapStateExitedAfterFor(withSource({ last_validated_against_aws: null, recorded_date: '13-11-2024, 00:00:00' })),
    ];

    // Assess
    expect(chosen).toEqual(['MapRunSucceeded', 'MapRunStarted']);
  });
});
