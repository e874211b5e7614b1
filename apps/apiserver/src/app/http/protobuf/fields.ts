/** Shorthands for writing MessageDef tables: `{1: str('name'), 2: msg('spec', () => SPEC)}`. */
import type { FieldDef, MessageDef } from './schema';

type Opts = Pick<FieldDef, 'ptr'>;

export const str = (name: string, o: Opts = {}): FieldDef => ({ name, type: 'string', ...o });
export const bytes = (name: string, o: Opts = {}): FieldDef => ({ name, type: 'bytes', ...o });
export const i32 = (name: string, o: Opts = {}): FieldDef => ({ name, type: 'int32', ...o });
export const i64 = (name: string, o: Opts = {}): FieldDef => ({ name, type: 'int64', ...o });
export const bool = (name: string, o: Opts = {}): FieldDef => ({ name, type: 'bool', ...o });
export const time = (name: string): FieldDef => ({ name, type: 'time' });
export const qty = (name: string): FieldDef => ({ name, type: 'quantity' });
export const intOrStr = (name: string, o: Opts = {}): FieldDef => ({ name, type: 'intOrString', ...o });
export const msg = (name: string, m: () => MessageDef, o: Opts = {}): FieldDef => ({ name, type: 'message', msg: m, ...o });
/** A Go pointer to a struct: `{}` is kept (e.g. `emptyDir: {}`). */
export const ptrMsg = (name: string, m: () => MessageDef): FieldDef => ({ name, type: 'message', msg: m, ptr: true });
export const strs = (name: string): FieldDef => ({ name, type: 'string', repeated: true });
export const i32s = (name: string): FieldDef => ({ name, type: 'int32', repeated: true });
export const msgs = (name: string, m: () => MessageDef): FieldDef => ({ name, type: 'message', msg: m, repeated: true });
export const strMap = (name: string): FieldDef => ({ name, type: 'string', map: true });
export const bytesMap = (name: string): FieldDef => ({ name, type: 'bytes', map: true });
export const qtyMap = (name: string): FieldDef => ({ name, type: 'quantity', map: true });
/** An embedded struct whose fields appear inline in JSON (VolumeSource in Volume). */
export const inline = (m: () => MessageDef): FieldDef => ({ name: '', type: 'message', msg: m, inline: true });
