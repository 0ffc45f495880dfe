/** @odoo-module **/
/* Map of a round's stops: Leaflet (vendored in static/lib, loaded lazily)
 * over the company's tile server, with the technician's base and the stops in
 * order. The route and the stops are drawn in any case; the tiles only when
 * one probe tile loads (offline, or with no tile server, a note says so
 * instead of a grey canvas full of failed requests). */
import { loadCSS, loadJS } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";
import {
    Component,
    onMounted,
    onPatched,
    onWillStart,
    onWillUnmount,
    useRef,
    useState,
} from "@odoo/owl";

const LIB = "/field_service_rounds/static/lib/leaflet";
const TILE_SIZE = 256;

/** Resolves true when the tile at the map's centre loads, false otherwise. */
function probeTile(L, map, template) {
    const zoom = map.getZoom();
    const tile = map.project(map.getCenter(), zoom).divideBy(TILE_SIZE).floor();
    const url = L.Util.template(template, { s: "a", r: "", x: tile.x, y: tile.y, z: zoom });
    return new Promise((resolve) => {
        const image = new Image();
        image.onload = () => resolve(true);
        image.onerror = () => resolve(false);
        image.src = url;
    });
}

export class FieldRoundMap extends Component {
    static template = "field_service_rounds.FieldRoundMap";
    static props = { ...standardWidgetProps };

    setup() {
        this.mapRef = useRef("map");
        this.map = null;
        this.state = useState({ tilesUnavailable: false });
        onWillStart(async () => {
            await loadCSS(`${LIB}/leaflet.css`);
            await loadJS(`${LIB}/leaflet.js`);
        });
        onMounted(() => this.draw());
        onPatched(() => this.draw());
        onWillUnmount(() => this.map && this.map.remove());
    }

    get data() {
        try {
            return JSON.parse(this.props.record.data.map_data || "{}");
        } catch {
            return {};
        }
    }

    draw() {
        const L = window.L;
        const data = this.data;
        const key = this.props.record.data.map_data || "";
        if (!L || !this.mapRef.el || !data.base || key === this.drawn) {
            return;
        }
        this.drawn = key;
        if (this.map) {
            this.map.remove();
        }
        const map = L.map(this.mapRef.el, { attributionControl: false });
        this.map = map;
        const stops = data.stops || [];
        const points = [data.base, ...stops.map((s) => [s.lat, s.lon]), data.base];
        L.polyline(points, { color: "#714B67", weight: 3 }).addTo(map);
        L.circleMarker(data.base, { radius: 8, color: "#000", fillOpacity: 0.8 })
            .bindTooltip(_t("Base"))
            .addTo(map);
        for (const [index, stop] of stops.entries()) {
            L.circleMarker([stop.lat, stop.lon], { radius: 7, color: "#017e84", fillOpacity: 0.8 })
                .bindTooltip(`${index + 1}. ${stop.label}`, { permanent: false })
                .addTo(map);
        }
        map.fitBounds(L.latLngBounds(points), { padding: [20, 20] });
        this.addTiles(L, map, data);
    }

    async addTiles(L, map, { tiles, attribution }) {
        if (!tiles) {
            this.state.tilesUnavailable = true;
            return;
        }
        const reachable = await probeTile(L, map, tiles);
        if (map !== this.map) {
            return; // redrawn meanwhile
        }
        this.state.tilesUnavailable = !reachable;
        if (!reachable) {
            return;
        }
        const layer = L.tileLayer(tiles, { maxZoom: 19 });
        // a server that stops answering later: the note, no more requests
        layer.on("tileerror", () => {
            map.removeLayer(layer);
            this.state.tilesUnavailable = true;
        });
        layer.addTo(map);
        if (attribution) {
            L.control.attribution({ prefix: false }).addAttribution(attribution).addTo(map);
        }
    }
}

registry.category("view_widgets").add("fsr_round_map", { component: FieldRoundMap });
