// Validates every document of the given Kubernetes manifests against the Kubernetes API schemas
// of the npm package kubernetes-models (no cluster needed). A FlinkDeployment (a CRD, not in
// those schemas) has its podTemplate validated as a core/v1 PodTemplate and its required fields
// checked by hand. Usage: node k8s-schema-check.mjs FILE...   (NODE_PATH: where the packages are)
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
const require = createRequire(process.env.NODE_PATH.split(":")[0] + "/");
const yaml = require("js-yaml");

function modelModule(apiVersion) {
  return "kubernetes-models/" + (apiVersion.includes("/") ? apiVersion : "v1");
}

let bad = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of yaml.loadAll(readFileSync(file, "utf8"))) {
    if (!doc) continue;
    const where = `${file}: ${doc.kind} ${doc.metadata?.name}`;
    try {
      if (doc.kind === "FlinkDeployment") {
        const spec = doc.spec ?? {};
        for (const f of ["image", "flinkVersion", "jobManager", "taskManager", "job"]) {
          if (spec[f] === undefined) throw new Error(`spec.${f} is missing`);
        }
        for (const [k, v] of Object.entries(spec.flinkConfiguration ?? {})) {
          if (typeof v !== "string") throw new Error(`flinkConfiguration.${k} must be a string, got ${typeof v}`);
        }
        const { PodTemplate } = require("kubernetes-models/v1");
        new PodTemplate({ metadata: { name: "pod-template" }, template: spec.podTemplate }).validate();
      } else if (doc.kind === "Kustomization") {
        continue;
      } else {
        const mod = require(modelModule(doc.apiVersion));
        const Kind = mod[doc.kind];
        if (!Kind) throw new Error(`no schema for ${doc.apiVersion} ${doc.kind}`);
        new Kind(doc).validate();
      }
      checked++;
      console.log(`ok   ${where}`);
    } catch (e) {
      bad++;
      console.log(`FAIL ${where}: ${e.message}`);
    }
  }
}
console.log(`${checked} documents valid, ${bad} invalid`);
process.exit(bad === 0 && checked > 0 ? 0 : 1);
