import * as pulumi from '@pulumi/pulumi';
import { PolicyStatement, readCertificateStatement, readSecretStatement } from './iam';
import { NEO4J_USER } from './neo4j-instance';

/** How a component's functions reach Neo4j (the args both function components take). */
export interface Neo4jClientSettings {
  neo4jBoltUri: pulumi.Input<string>;
  neo4jPasswordSecretArn: pulumi.Input<string>;
  neo4jCertificateSecretArn?: pulumi.Input<string>;
}

/** The environment and IAM statements of a function that connects to Neo4j. */
export function neo4jClient(args: Neo4jClientSettings): { environment: Record<string, pulumi.Input<string>>; statements: PolicyStatement[] } {
  const environment: Record<string, pulumi.Input<string>> = {
    NEO4J_URI: args.neo4jBoltUri,
    NEO4J_USER,
    NEO4J_PASSWORD_SECRET_ARN: args.neo4jPasswordSecretArn,
  };
  const statements = [readSecretStatement(args.neo4jPasswordSecretArn)];
  if (args.neo4jCertificateSecretArn !== undefined) {
    environment.NEO4J_CERTIFICATE_SECRET_ARN = args.neo4jCertificateSecretArn;
    statements.push(readCertificateStatement(args.neo4jCertificateSecretArn));
  }
  return { environment, statements };
}
