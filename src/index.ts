/**
 * dasflow: streaming, exact, resumable processing of Distributed Acoustic Sensing data.
 *
 * ```ts
 * import { DataArray, pipeline, process, MemoryLoader, MemoryWriter } from "dasflow";
 * const x = DataArray.regular(data, [nt, nch], { t0: 0n, dt: 1_000_000n, x0: 0, dx: 1 });
 * const atom = pipeline({ atoms: [{ op: "sosfilt", sos }, { op: "square" }] });
 * const y = await process(atom, new MemoryLoader(x, { chunk: 100 }), new MemoryWriter());
 * ```
 */
export { DataArray, type Dtype, type FloatArray, type RegularGrid, type Slice, type Coords, type Attrs } from "./dataArray.js";
export { InterpCoordinate, type CoordinatePlain } from "./coords/interpCoordinate.js";
export { type Rational, rational, ratToNumber, ratRound, ratFromNumber } from "./coords/rational.js";
export { type Nanoseconds, formatIso, parseIso, timeCoordinate, intervalNs } from "./coords/time.js";
export { distanceCoordinate } from "./coords/distance.js";
export { DasflowError, isDasflowError, type ErrorTag } from "./errors.js";
export { encodeState, decodeState } from "./state/codec.js";
export type { AtomState, StateValue } from "./state/stateValue.js";
export { process, type ProcessOptions } from "./processing/process.js";
export type { Chunk, Loader, Writer } from "./processing/stream.js";
export { MemoryLoader, type MemoryLoaderOptions } from "../io/memory/loader.js";
export { MemoryWriter } from "../io/memory/writer.js";

export type { Atom } from "../atoms/atom.js";
export { Sequential } from "../atoms/sequential.js";
export { Partial } from "../atoms/partial.js";
export { Square } from "../atoms/square.js";
export { Abs } from "../atoms/abs.js";
export { Scale } from "../atoms/scale.js";
export { LFilter, type LFilterOptions } from "../atoms/lfilter.js";
export { SosFilt, type SosFiltOptions } from "../atoms/sosfilt.js";
export type { ZiMode } from "../atoms/iirAtom.js";
export { lfilterZi } from "../atoms/design/lfilterZi.js";
export { sosfiltZi } from "../atoms/design/sosfiltZi.js";
export { pipeline, validateSpec, type PipelineSpec, type AtomSpec } from "../atoms/pipeline/pipeline.js";
export { OPS } from "../atoms/pipeline/ops.js";
export { StaLta, type StaLtaOptions, type StaLtaMethod } from "../atoms/staLta.js";
export { Trigger, type TriggerOptions } from "../atoms/trigger.js";
export { Downsample, type DownsampleOptions } from "../atoms/downsample.js";
export { Upsample, type UpsampleOptions } from "../atoms/upsample.js";
export { Decimate, type DecimateOptions } from "../atoms/decimate.js";
export { ResamplePoly, type ResamplePolyOptions, type ResampleWindow } from "../atoms/resamplePoly.js";
export { FirFilter, type FirFilterOptions, type FirBandType, type FirWindow } from "../atoms/firfilter.js";
export { IirFilter, type IirFilterAtomOptions, type IirBandType, type IirFamily } from "../atoms/iirfilter.js";
export { type Pick, type PickSource, isPickSource } from "../atoms/picks/pick.js";
export { collectPicks, hasPickSource } from "../atoms/picks/collectPicks.js";
export { type PickWriter } from "../io/picks/pickWriter.js";
export { CsvPickWriter, PICK_CSV_HEADER, pickToCsv } from "../io/picks/csvWriter.js";
export { JsonlPickWriter, pickToJson } from "../io/picks/jsonlWriter.js";
export { Stft, StftFramer, spectralWindow, type StftOptions, type StftOutput, type FramingOptions, type SpectralWindowName } from "../atoms/stft.js";
export { BandEnergy, type BandEnergyOptions } from "../atoms/bandEnergy.js";
export { LazyArray, lazy, type Selection, type Label, type LabelSelection } from "./lazy/lazyArray.js";
export type { DimSelection } from "./lazy/selection.js";
export type { Block } from "./lazy/blockGrid.js";
export type { Reduction, ReduceOptions } from "./lazy/reduce.js";
export { MemoryBackend, memorySource, type ChunkSpec } from "./lazy/memoryBackend.js";
export { openAny, openArray, registerOpener, openerNames, type Opener } from "./lazy/openers.js";
export type { ArrayBackend, LazySource, Range } from "./lazy/source.js";
export { openZarr, type OpenZarrOptions, type ZarrSource } from "../io/zarr/reader.js";
export { ZarrWriter, type ZarrWriterOptions, type ZarrResumeOptions, type ZarrWriteResult } from "../io/zarr/writer.js";
export type { Compression } from "../io/zarr/compression.js";
export { convert, type ConvertOptions } from "../io/convert.js";
export { openHdf5, Hdf5Tree, Hdf5Dataset, openFile, detectEngine, ENGINE_NAMES, openRecording, resolveInputFiles, backendFromPlain, Hdf5Backend, RecordingBackend, writeAsnFile, type OpenFileOptions, type Engine, type EngineOptions, type Detection, type Recording, type RecordingGap, type RecordingGapJson, type OpenRecordingOptions, type Hdf5BackendPlain, type RecordingBackendPlain } from "../io/hdf5/index.js";
export { hdf5Opener } from "../io/hdf5/opener.js";
export { netcdfEngine, writeXdasNetcdf, type NetcdfWriteOptions } from "../io/netcdf/index.js";
export { SyntheticDas, synthesize, DEFAULT_SYNTHETIC_T0, type SyntheticOptions } from "./synthetic/generator.js";
export { Prng } from "./synthetic/prng.js";
export { type SyntheticSource, type SourceSpec, ricker, arrivalTime } from "./synthetic/sources.js";
export { ZmqPublisher, type ZmqPublisherOptions, type PublisherResult } from "../io/zmq/publisher.js";
export { ZmqSubscriber, type ZmqSubscriberOptions, type SubscriberStatus, type StreamGap, type EndReason } from "../io/zmq/subscriber.js";
export { simulate, type SimulateOptions, type SimulateResult, type SimulatorStatus } from "../io/zmq/simulate.js";
export { subscribe, abortOnSignals, type SubscribeOptions, type SubscribeResult } from "../io/zmq/subscribe.js";
export { type ZmqProtocol, ZMQ_PROTOCOLS } from "../io/zmq/streamProtocol.js";
export { DEFAULT_ADDRESS, checkBindAddress } from "../io/zmq/address.js";
export { generateCurveKeyPair, readCurveKeyFile, writeCurveKeyFiles, type CurveKeyPair, type CurveServerOptions, type CurveClientOptions } from "../io/zmq/curve.js";
export { encodeData, encodeEnd, encodeHeartbeat, decodeMessage, PROTOCOL_VERSION, type DataHeader, type EndHeader, type HeartbeatHeader, type DecodedMessage } from "../io/zmq/protocol.js";
export { asnHeaderFor, parseAsnHeader, encodeAsnData, decodeAsnData, asnDistance, type AsnHeader, type AsnRoi } from "../io/zmq/asnProtocol.js";
export { encodeXdasMessage, decodeXdasMessage } from "../io/zmq/xdasMessage.js";
