import { configure } from '@testing-library/react-native';

// The screens wait on the real local runtime (Neo4j behind it): on a loaded machine that takes seconds, not one.
configure({ asyncUtilTimeout: 15_000 });
