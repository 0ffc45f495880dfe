/** @odoo-module **/
/* Map of a round's stops: Leaflet (vendored in static/lib, loaded lazily)
 * over OpenStreetMap tiles, with the technician's base and the stops in order. */
import { loadCSS, loadJS } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";
import { Component, onMounted, onPatched, onWillStart, onWillUnmount, useRef } from "@odoo/owl";

const LIB = "/field_service_rounds/static/lib/leaflet";

export class FieldRoundMap extends Component {
    static template = "field_service_rounds.FieldRoundMap";
    static props = { ...standardWidgetProps };

    setup() {
        this.mapRef = useRef("map");
        this.map = null;
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
        const { base, stops, tiles } = this.data;
        if (!L || !this.mapRef.el || !base) {
            return;
        }
        if (this.map) {
            this.map.remove();
        }
        this.map = L.map(this.mapRef.el);
        if (tiles) {
            L.tileLayer(tiles, {
                maxZoom: 19,
                attribution: "&copy; OpenStreetMap contributors",
            }).addTo(this.map);
        }
        const points = [base, ...(stops || []).map((s) => [s.lat, s.lon]), base];
        L.polyline(points, { color: "#714B67", weight: 3 }).addTo(this.map);
        L.circleMarker(base, { radius: 8, color: "#000", fillOpacity: 0.8 })
            .bindTooltip(_t("Base"))
            .addTo(this.map);
        for (const [index, stop] of (stops || []).entries()) {
            L.circleMarker([stop.lat, stop.lon], { radius: 7, color: "#017e84", fillOpacity: 0.8 })
                .bindTooltip(`${index + 1}. ${stop.label}`, { permanent: false })
                .addTo(this.map);
        }
        this.map.fitBounds(L.latLngBounds(points), { padding: [20, 20] });
    }
}

registry.category("view_widgets").add("fsr_round_map", { component: FieldRoundMap });
