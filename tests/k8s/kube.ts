// Helpers for the Kubernetes tests: render a kustomization offline with `kubectl kustomize`, parse
// YAML manifests, and check objects against the Kubernetes API schemas of kubernetes-models.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import ts from "typescript";
import { parseAllDocuments } from "yaml";
import { Deployment, type IDeployment } from "kubernetes-models/apps/v1";
import { CronJob, type ICronJob, type IJob, Job } from "kubernetes-models/batch/v1";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1";
import {
  ConfigMap,
  type IContainer,
  type IPodSpec,
  Namespace,
  PersistentVolumeClaim,
  Secret,
  Service,
} from "kubernetes-models/v1";
import { repoRoot } from "../support/shared.ts";

export const k8sDir = join(repoRoot, "k8s");

/** A Kubernetes object as parsed from YAML, with the fields every object has. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** An object and where it came from, for error messages. */
export interface SourcedObject {
  source: string;
  object: KubeObject;
}

interface Validatable {
  validate(): void;
}

/** The kinds this project deploys; a new kind fails the tests until it is added here. */
const models: Record<string, new (data: never) => Validatable> = {
  "v1/Namespace": Namespace,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "v1/PersistentVolumeClaim": PersistentVolumeClaim,
  "apps/v1/Deployment": Deployment,
  "batch/v1/CronJob": CronJob,
  "batch/v1/Job": Job,
  "networking.k8s.io/v1/Ingress": Ingress,
};

export function typeKey(object: KubeObject): string {
  return `${object.apiVersion}/${object.kind}`;
}

/** Parses a multi-document YAML text; raises on a syntax error, naming the source. */
export function parseManifests(text: string, source: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new Error(`${source}: invalid YAML: ${document.errors[0].message}`);
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== "object" || Array.isArray(value)) {
      throw new Error(`${source}: expected a mapping at the top of each YAML document.`);
    }
    objects.push(value as KubeObject);
  }
  return objects;
}

/** Lists every YAML file under k8s/, relative to the repository. */
export function yamlFiles(folder = k8sDir): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(entry.name) ? [relative(repoRoot, path)] : [];
    })
    .sort();
}

/** Lists the folders under k8s/ that hold a kustomization.yaml, relative to the repository. */
export function kustomizationDirs(folder = k8sDir): string[] {
  const entries = readdirSync(folder, { withFileTypes: true });
  const own = entries.some((e) => e.name === "kustomization.yaml")
    ? [relative(repoRoot, folder)]
    : [];
  const below = entries
    .filter((e) => e.isDirectory())
    .flatMap((e) => kustomizationDirs(join(folder, e.name)));
  return [...own, ...below].sort();
}

/** Renders a kustomization with the kustomize built into kubectl; needs no cluster. */
export function renderKustomization(dir: string): KubeObject[] {
  const result = spawnSync("kubectl", ["kustomize", join(repoRoot, dir)], {
    encoding: "utf-8",
  });
  if (result.error) {
    throw new Error(
      `Could not run kubectl (${result.error.message}). Install it (Debian package kubectl or ` +
        `kubernetes-client); the tests use its built-in kustomize, which needs no cluster.`,
    );
  }
  if (result.status !== 0) {
    throw new Error(`kubectl kustomize ${dir} failed:\n${result.stderr}`);
  }
  return parseManifests(result.stdout, `kubectl kustomize ${dir}`);
}

/** Returns the schema violations of one object, or a message when its kind is not known. */
export function schemaErrors(object: KubeObject): string[] {
  const Model = models[typeKey(object)];
  if (!Model) return [`no schema registered for ${typeKey(object)}: add it to tests/k8s/kube.ts`];

  try {
    new Model(object as never).validate();
    return [];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

/** Returns the kubernetes-models module and interface that type an object (IDeployment). */
function typeImport(object: KubeObject): { module: string; name: string } {
  const module = `kubernetes-models/${object.apiVersion}/${object.kind}`;
  return { module, name: `I${object.kind}` };
}

/**
 * Returns the fields the API does not know (a misspelt `readinesProbe`, a field at the wrong
 * level) and type mismatches, as TypeScript reports them.
 *
 * The JSON schemas of kubernetes-models accept unknown fields, like the API server's lenient
 * mode, so this check type-checks each object as an object literal of its kubernetes-models
 * interface: TypeScript rejects properties an object literal's type does not declare.
 */
export function unknownFieldErrors(objects: SourcedObject[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "accidents-nc-k8s-types-"));
  try {
    symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");

    const lines: string[] = [];
    const owners: string[] = [];
    for (const [index, { source, object }] of objects.entries()) {
      if (!models[typeKey(object)]) continue;
      const { module, name } = typeImport(object);
      const literal = JSON.stringify(object, null, 2).split("\n");
      lines.push(`import type { ${name} as T${index} } from "${module}";`);
      lines.push(`export const object${index}: T${index} = ${literal[0]}`, ...literal.slice(1));
      const owner = `${source}: ${object.kind} ${object.metadata.name}`;
      while (owners.length < lines.length) owners.push(owner);
    }
    const file = join(dir, "objects.ts");
    writeFileSync(file, lines.join("\n") + "\n");

    const program = ts.createProgram([file], {
      noEmit: true,
      strict: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: [],
    });
    return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
      if (!diagnostic.file || diagnostic.start === undefined) return message;
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return `${owners[line] ?? "generated file"}: ${message}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Returns the pod spec of a Deployment, Job or CronJob, or undefined for other kinds. */
export function podSpecOf(object: KubeObject): IPodSpec | undefined {
  if (object.kind === "CronJob") {
    return (object as unknown as ICronJob).spec?.jobTemplate.spec?.template.spec;
  }
  if (object.kind === "Job") return (object as unknown as IJob).spec?.template.spec;
  if (object.kind === "Deployment") return (object as unknown as IDeployment).spec?.template.spec;
  return undefined;
}

export interface ContainerInfo {
  /** `CronJob accidents-nc-build` */
  owner: string;
  container: IContainer;
}

/** Lists every container and init container of the pod templates in the objects. */
export function containersOf(objects: KubeObject[]): ContainerInfo[] {
  return objects.flatMap((object) => {
    const pod = podSpecOf(object);
    if (!pod) return [];
    const owner = `${object.kind} ${object.metadata.name}`;
    return [...pod.containers, ...(pod.initContainers ?? [])].map((container) => ({
      owner,
      container,
    }));
  });
}
