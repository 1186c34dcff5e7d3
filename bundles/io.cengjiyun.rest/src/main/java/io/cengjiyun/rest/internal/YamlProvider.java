/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cengjiyun.rest.JsonMappers;
import io.cengjiyun.rest.MediaTypes;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * YAML in and out, so a server definition can be pasted from a manifest. A body that cannot be read is a
 * 400 problem, as for JSON ({@link JsonProvider}).
 */
@Component(service = {MessageBodyReader.class, MessageBodyWriter.class})
@JakartarsExtension
@JakartarsName("cengjiyun.yaml")
@Consumes({MediaTypes.APPLICATION_YAML, MediaTypes.TEXT_YAML})
@Produces({MediaTypes.APPLICATION_YAML, MediaTypes.TEXT_YAML})
public class YamlProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {
    private final ObjectMapper mapper = JsonMappers.yaml();

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isYaml(mediaType);
    }

    @Override
    public Object readFrom(
            Class<Object> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders,
            InputStream entityStream)
            throws IOException {
        try {
            return mapper.readValue(entityStream, mapper.constructType(genericType));
        } catch (JsonProcessingException e) {
            throw new BadRequestException(e.getOriginalMessage(), e);
        }
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isYaml(mediaType);
    }

    @Override
    public void writeTo(
            Object value,
            Class<?> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders,
            OutputStream entityStream)
            throws IOException {
        mapper.writerFor(mapper.constructType(genericType)).writeValue(entityStream, value);
    }

    private static boolean isYaml(MediaType mediaType) {
        return mediaType != null && mediaType.getSubtype().endsWith("yaml");
    }
}
