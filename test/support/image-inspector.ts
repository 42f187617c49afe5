/** Reads a built image's structure (imports, exports, globals, memory, data) with binaryen. */
import binaryen from 'binaryen';

export interface ImageStructure {
  /** `name(params)->result` per function import, keyed "module.name". */
  imports: Map<string, string>;
  /** `name(params)->result` per function export. */
  functionExports: Map<string, string>;
  otherExports: string[];
  mutableGlobals: string[];
  memory: { initialPages: number; maximumPages: number | undefined };
  dataSegments: { offset: number; length: number; bytes: Uint8Array }[];
  /** The module as WAT text, for instruction searches. */
  text: string;
}

function signature(name: string, params: number, results: number): string {
  const typeName = (type: number) => (type === binaryen.i32 ? 'i32' : type === binaryen.i64 ? 'i64' : type === binaryen.f64 ? 'f64' : type === binaryen.f32 ? 'f32' : `type${type}`);
  const paramList = binaryen.expandType(params).map(typeName).join(',');
  const result = results === binaryen.none ? 'none' : binaryen.expandType(results).map(typeName).join(',');
  return `${name}(${paramList})->${result}`;
}

export function inspectImage(bytes: Uint8Array): ImageStructure {
  const module = binaryen.readBinary(bytes);
  try {
    const imports = new Map<string, string>();
    const functionsByName = new Map<string, binaryen.FunctionInfo>();
    for (let i = 0; i < module.getNumFunctions(); i++) {
      const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
      functionsByName.set(info.name, info);
      if (info.module) imports.set(`${info.module}.${info.base}`, signature(info.base ?? '', info.params, info.results));
    }
    const functionExports = new Map<string, string>();
    const otherExports: string[] = [];
    for (let i = 0; i < module.getNumExports(); i++) {
      const exported = binaryen.getExportInfo(module.getExportByIndex(i));
      const target = exported.kind === binaryen.ExternalFunction ? functionsByName.get(exported.value) : undefined;
      if (target) functionExports.set(exported.name, signature(exported.name, target.params, target.results));
      else otherExports.push(exported.name);
    }
    const mutableGlobals: string[] = [];
    for (let i = 0; i < module.getNumGlobals(); i++) {
      const global = binaryen.getGlobalInfo(module.getGlobalByIndex(i));
      if (global.mutable) mutableGlobals.push(global.name);
    }
    const memoryInfo = module.getMemoryInfo();
    const dataSegments: ImageStructure['dataSegments'] = [];
    const segmentApi = module as unknown as { getNumDataSegments(): number; getDataSegmentByIndex(i: number): number; getDataSegmentInfo(ref: number): { offset: number; data: ArrayBuffer; passive: boolean } };
    for (let i = 0; i < segmentApi.getNumDataSegments(); i++) {
      const info = segmentApi.getDataSegmentInfo(segmentApi.getDataSegmentByIndex(i));
      const segmentBytes = new Uint8Array(info.data);
      dataSegments.push({ offset: info.offset, length: segmentBytes.length, bytes: segmentBytes });
    }
    return {
      imports,
      functionExports,
      otherExports,
      mutableGlobals,
      memory: { initialPages: memoryInfo.initial, maximumPages: memoryInfo.max },
      dataSegments,
      text: module.emitText(),
    };
  } finally {
    module.dispose();
  }
}
