import { postgresStoreFixture, useThrowawayPostgres } from './postgres-fixture.ts';
import { describeStoreContract } from './store-contract.ts';

const postgres = useThrowawayPostgres();

describeStoreContract('postgres', () => postgresStoreFixture(postgres()), { persists: true });
